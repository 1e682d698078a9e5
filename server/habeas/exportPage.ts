/**
 * The readable, printable form of the personal-data export: one self-contained HTML page in the
 * reader's language (no script, no outside file, so it prints and keeps offline as one file). Every
 * value is escaped; the words come from the `habeas` namespace.
 */
import type { TFunction } from 'i18next';
import type { PersonalDataExport } from './personalDataExport';

function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function when(iso: string | null, language: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: iso.length > 10 ? 'short' : undefined, timeZone: 'America/Bogota' }).format(
    new Date(iso.length > 10 ? iso : `${iso}T12:00:00-05:00`),
  );
}

function rows(pairs: [string, unknown][]): string {
  return `<dl>${pairs.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v === null || v === undefined || v === '' ? '—' : v)}</dd>`).join('')}</dl>`;
}

/** The page for `data`, in `language`. */
export function renderExportPage(data: PersonalDataExport, t: TFunction, language: string): string {
  const parts: string[] = [];
  parts.push(`<h1>${esc(t('habeas:export.title'))}</h1>`);
  parts.push(`<p>${esc(t('habeas:export.generated', { date: when(data.generatedAt, language) }))}</p>`);
  parts.push(`<p>${esc(data.legalBasis)}</p>`);
  if (data.account) {
    const a = data.account;
    parts.push(`<h2>${esc(t('habeas:export.account'))}</h2>`);
    parts.push(
      rows([
        [t('habeas:field.name'), a.displayName],
        [t('habeas:field.email'), a.email],
        [t('habeas:field.phone'), a.phone],
        [t('habeas:field.role'), t(`domain:role.${a.role}`)],
        [t('habeas:field.createdAt'), when(a.createdAt, language)],
        [t('habeas:field.lastLoginAt'), when(a.lastLoginAt, language)],
      ]),
    );
  }
  parts.push(`<h2>${esc(t('habeas:export.cases', { count: data.cases.length }))}</h2>`);
  for (const c of data.cases) {
    parts.push(`<section><h3>${esc(c.reference)} · ${esc(c.statusLabel)}</h3>`);
    if (c.identityRedactedAt) parts.push(`<p class="note">${esc(t('habeas:export.redacted', { date: when(c.identityRedactedAt, language) }))}</p>`);
    parts.push(
      rows([
        [t('habeas:field.filedAt'), when(c.filedAt, language)],
        [t('habeas:field.name'), c.identity?.name],
        [t('habeas:field.documentId'), c.identity?.documentId],
        [t('habeas:field.phone'), c.identity?.phone],
        [t('habeas:field.email'), c.identity?.email],
        [t('habeas:field.company'), c.company],
        [t('habeas:field.categories'), c.categories.join(', ')],
        [t('habeas:field.place'), [c.place.municipality, c.place.vereda, c.place.detail].filter(Boolean).join(', ')],
        [t('habeas:field.mapPoint'), c.place.latitude !== null ? `${c.place.latitude}, ${c.place.longitude}` : null],
        [t('habeas:field.whatHappened'), c.whatHappened],
        [t('habeas:field.hopedOutcome'), c.hopedOutcome],
        [t('habeas:field.policyConsent'), c.dataPolicyConsent.version ? `${c.dataPolicyConsent.version} · ${when(c.dataPolicyConsent.at, language)}` : null],
        [
          t('habeas:field.sensitiveData'),
          c.sensitiveData
            ? [
                c.sensitiveData.gender && t(`intake:gender.${c.sensitiveData.gender}`),
                c.sensitiveData.ethnicity && t(`intake:ethnicGroup.${c.sensitiveData.ethnicity}`),
                c.sensitiveData.ageBand && t(`intake:ageBand.${c.sensitiveData.ageBand}`),
                c.sensitiveData.disability && `${t('intakeUi:equity.disability')}: ${t(`intake:disability.${c.sensitiveData.disability}`)}`,
              ]
                .filter(Boolean)
                .join(' · ')
            : t('habeas:export.none'),
        ],
      ]),
    );
    parts.push(
      `<h4>${esc(t('habeas:export.history'))}</h4><ol>${c.history.map((h) => `<li>${esc(when(h.at, language))} — ${esc(h.what)} (${esc(h.byRole)})${h.reason ? `: ${esc(h.reason)}` : ''}</li>`).join('')}</ol>`,
    );
    parts.push(
      `<h4>${esc(t('habeas:export.messages', { count: c.messages.length }))}</h4><ol>${c.messages
        .map(
          (m) =>
            `<li>${esc(when(m.at, language))} — <strong>${esc(m.byYou ? t('habeas:export.you') : m.authorRole)}</strong>: ${esc(m.body ?? '')}${m.files.length ? ` (${esc(t('habeas:export.files', { count: m.files.length }))})` : ''}</li>`,
        )
        .join('')}</ol>`,
    );
    parts.push(
      `<h4>${esc(t('habeas:export.filesTitle', { count: c.files.length }))}</h4><ul>${c.files.map((f) => `<li>${esc(f.kind)} · ${esc(f.mime)} · ${esc(f.size)} B · ${esc(when(f.at, language))}</li>`).join('')}</ul>`,
    );
    parts.push(
      `<h4>${esc(t('habeas:export.identityViews', { count: c.identityViews.length }))}</h4><ul>${c.identityViews.map((v) => `<li>${esc(when(v.at, language))} — ${esc(v.viewerRole ?? '—')}</li>`).join('')}</ul></section>`,
    );
  }
  if (data.notifications.length) {
    parts.push(
      `<h2>${esc(t('habeas:export.notifications', { count: data.notifications.length }))}</h2><ul>${data.notifications.map((n) => `<li>${esc(when(n.at, language))} — ${esc(n.caseReference ?? '')} ${esc(n.kind)}</li>`).join('')}</ul>`,
    );
  }
  parts.push(
    `<h2>${esc(t('habeas:export.requests', { count: data.habeasRequests.length }))}</h2><ul>${data.habeasRequests.map((r) => `<li>${esc(t(`habeas:kind.${r.kind}`))} — ${esc(when(r.receivedOn, language))} → ${esc(when(r.dueOn, language))} · ${esc(t(`habeas:status.${r.status}`))}</li>`).join('')}</ul>`,
  );
  return `<!doctype html><html lang="${esc(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(t('habeas:export.title'))}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:1rem auto;padding:0 1rem;color:#111}dl{display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0;white-space:pre-wrap}section{border-top:1px solid #999;margin-top:1.5rem}.note{background:#fff3cd;padding:.5rem}@media print{body{margin:0;max-width:none}section{break-inside:avoid-page}}</style></head>
<body><main>${parts.join('\n')}</main></body></html>`;
}
