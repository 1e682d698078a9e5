/**
 * The referral packet (issue #17 item 5): what a complainant takes to another remedy — their own case
 * summary (what happened in their words, where, against which company, what they hoped for, how the
 * case went and why it ended) and the remedies they were offered with how to reach each. One
 * self-contained printable HTML page in the reader's language, like the personal-data export. It names
 * nobody: not the complainant (they carry their own identity), not the officers or company staff (roles
 * only), not the signatories or the cases linked with it.
 */
import type { TFunction } from 'i18next';
import { caseEventLabel } from '../../shared/caseEvents';
import type { Translate } from '../../shared/deadlineText';
import type { Language } from '../../shared/roles';
import { localized } from '../presenters/casePresenter';
import type { CaseDetailRow } from '../repositories/cases';
import type { CaseReferral, PacketHistoryLine } from '../repositories/referrals';

function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function day(at: Date | string | null, language: string): string {
  if (!at) return '—';
  const date = typeof at === 'string' ? new Date(at.length === 10 ? `${at}T12:00:00-05:00` : at) : at;
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'America/Bogota' }).format(date);
}

/** The packet for a case, its history and its remedies, in `language`. */
export function renderReferralPacket(
  c: CaseDetailRow,
  history: readonly PacketHistoryLine[],
  referrals: CaseReferral[],
  t: TFunction,
  language: string,
): string {
  const dl = (pairs: [string, unknown][]) =>
    `<dl>${pairs.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v === null || v === undefined || v === '' ? '—' : v)}</dd>`).join('')}</dl>`;
  const decision = [...history].reverse().find((h) => h.kind === 'cases.not_admit' || h.kind === 'cases.close_unresolved');
  const parts = [
    `<h1>${esc(t('effectiveness:packet.title', { reference: c.reference }))}</h1>`,
    `<p>${esc(t('effectiveness:packet.intro'))}</p>`,
    `<h2>${esc(t('effectiveness:packet.case'))}</h2>`,
    dl([
      [t('effectiveness:packet.reference'), c.reference],
      [t('effectiveness:packet.filed'), day(c.createdAt, language)],
      [t('effectiveness:packet.occurred'), day(c.occurredOn, language)],
      [t('effectiveness:packet.company'), c.companyName ?? t('effectiveness:packet.noCompany')],
      [t('effectiveness:packet.place'), [c.vereda?.name, c.municipality].filter(Boolean).join(', ')],
      [t('effectiveness:packet.categories'), c.categories.map((k) => localized(k.name, language as Language)).join(', ')],
      [t('effectiveness:packet.status'), t(`domain:status.${c.status}` as never)],
    ]),
    `<h3>${esc(t('effectiveness:packet.whatHappened'))}</h3><p class="words">${esc(c.description)}</p>`,
    `<h3>${esc(t('effectiveness:packet.hoped'))}</h3><p class="words">${esc(c.hopedOutcome ?? '—')}</p>`,
  ];
  if (decision) {
    parts.push(
      `<h2>${esc(t('effectiveness:packet.decision'))}</h2>`,
      dl([
        [t('effectiveness:packet.decisionWhat'), caseEventLabel(t as unknown as Translate, decision.kind)],
        [t('effectiveness:packet.decisionWhen'), day(decision.at, language)],
        [t('effectiveness:packet.decisionWhy'), decision.reason],
        [t('effectiveness:packet.referredTo'), decision.referralTo],
      ]),
    );
  }
  parts.push(
    `<h2>${esc(t('effectiveness:packet.history'))}</h2><ol>${history
      .map(
        (h) =>
          `<li>${esc(day(h.at, language))} — ${esc(caseEventLabel(t as unknown as Translate, h.kind))} (${esc(h.role === 'anonymous' || h.role === 'system' ? t(`intake:actor.${h.role}`) : t(`domain:role.${h.role}` as never))})</li>`,
      )
      .join('')}</ol>`,
    `<h2>${esc(t('effectiveness:packet.remedies'))}</h2>`,
    `<p>${esc(t('effectiveness:packet.always'))}</p>`,
    ...referrals.map(
      (r) => `<section class="remedy"><h3>${esc(t(`effectiveness:remedy.${r.remedy}.name`))}</h3>
<p>${esc(t(`effectiveness:remedy.${r.remedy}.what`))}</p>
<p><strong>${esc(t('effectiveness:packet.how'))}</strong> ${esc(t(`effectiveness:remedy.${r.remedy}.how`))}</p>
<p><strong>${esc(t('effectiveness:packet.outcome'))}</strong> ${esc(t(`effectiveness:outcome.${r.outcome}`))}</p></section>`,
    ),
    `<p class="note">${esc(t('effectiveness:packet.noOthers'))}</p>`,
  );
  return `<!doctype html><html lang="${esc(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t('effectiveness:packet.title', { reference: c.reference }))}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:1rem auto;padding:0 1rem;color:#111}dt{font-weight:600}dd{margin:0 0 .5rem}
.words{white-space:pre-wrap;border-left:3px solid #999;padding-left:.75rem}.remedy{border:1px solid #bbb;padding:.25rem .75rem;margin:.75rem 0;break-inside:avoid}
.note{font-size:.9rem;color:#333}@media print{body{margin:0;max-width:none}}</style></head><body><main>${parts.join('\n')}</main></body></html>`;
}
