/**
 * The pages of the complaint form that works without JavaScript (docs/reach.md, "plain HTML form"):
 * the whole form on one page, the receipt, and a page for a refusal. Plain HTML drawn on the server with
 * one inline style sheet and no script, every word through i18next, for a phone on 2G whose app code
 * never arrives or a browser that runs none.
 */
import crypto from 'node:crypto';
import type { TFunction } from 'i18next';
import type { MechanismLanguageDto } from '../../../shared/languages';
import { CONTACT_PREFERENCES, IDENTITY_MODES, INTAKE_LIMITS } from '../../../shared/validation/intakeChoices';
import type { FieldProblem } from '../../errors';
import type { PlainFormValues } from './plainFormInput';

export { PLAIN_FORM_PATH } from '../../../shared/types/intake';

// Small enough to travel inline with the page: one round trip on 2G, nothing else to download.
const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff}main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;color:#0b4f6c}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}label,legend{display:block;font-weight:600;margin-top:1rem}
fieldset{border:0;padding:0;margin:0}input[type=text],input[type=email],input[type=tel],input[type=date],select,textarea{display:block;width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #555;border-radius:4px}
textarea{min-height:8rem}.choice{display:flex;gap:.5rem;align-items:flex-start;margin:.5rem 0;font-weight:400}.choice input{margin-top:.3rem}
.hint{color:#444;font-size:.95rem;margin:.25rem 0}.error{color:#a4000f;font-weight:600;margin:.25rem 0}.summary{border:3px solid #a4000f;padding:.5rem 1rem;margin:1rem 0}
.note{background:#eef6f9;border-left:4px solid #0b4f6c;padding:.5rem 1rem}button{font:inherit;font-weight:600;margin:1.5rem 0;padding:.75rem 1.5rem;background:#0b4f6c;color:#fff;border:0;border-radius:4px}
.receipt{border:2px dashed #0b4f6c;padding:1rem}.receipt dd{font:700 1.4rem/1.4 ui-monospace,monospace;margin:0 0 1rem;letter-spacing:.05em;word-break:break-all}
.languages a{margin-right:1rem}a{color:#0b4f6c}
@media print{.languages,.no-print{display:none}.receipt{border:1px solid #000}}`;

/** The Content-Security-Policy of these pages: nothing runs, the one inline style sheet is named by its hash. */
export function plainFormPolicy(upgradeInsecure: boolean): string {
  const hash = crypto.createHash('sha256').update(STYLE).digest('base64');
  return [
    "default-src 'none'",
    `style-src 'sha256-${hash}'`,
    "img-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    ...(upgradeInsecure ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** `text` safe inside HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What the page around any of these screens needs. */
export interface PageFrame {
  t: TFunction;
  /** The `lang` of the page: the language its words are written in. */
  language: string;
  title: string;
  /** The languages offered, each a link to the form in it; none on the receipt. */
  languages?: { list: MechanismLanguageDto[]; current: string; href: (code: string) => string };
}

function page(frame: PageFrame, body: string): string {
  const { t } = frame;
  const switcher = frame.languages
    ? `<nav class="languages" aria-label="${escapeHtml(t('app:language.label'))}"><p>${frame.languages.list
        .map(
          (l) =>
            `<a lang="${escapeHtml(l.code)}" hreflang="${escapeHtml(l.code)}" href="${escapeHtml(frame.languages!.href(l.code))}"${l.code === frame.languages!.current ? ' aria-current="true"' : ''}>${escapeHtml(l.name)}</a>`,
        )
        .join('')}</p></nav>`
    : '';
  return `<!doctype html><html lang="${escapeHtml(frame.language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(frame.title)}</title><style>${STYLE}</style></head><body><main>${switcher}${body}</main></body></html>`;
}

/** The choices the form offers, from the mechanism. */
export interface FormChoices {
  municipalities: { id: string; name: string }[];
  companies: { id: string; name: string }[];
  /** `redFlag`: a topic the Defensoría reviews before the company sees the case. */
  categories: { code: string; name: string; description: string; redFlag: boolean }[];
  policy: { version: string; publishedOn: string; summary: string | null; text: string };
}

/** Everything the form page shows. */
export interface FormPage {
  frame: PageFrame;
  /** Where the form posts (this address with the mechanism's query, if any). */
  action: string;
  csrfToken: string;
  idempotencyKey: string;
  /** The language code the form was filled in (`es`, `en`, or one the mechanism adds). */
  filedIn: string;
  choices: FormChoices;
  /** What the person typed, to keep when the page comes back with problems. */
  values: PlainFormValues;
  problems: FieldProblem[];
  /** A message about the whole form (expired, sent before with other answers, too many attempts), above it. */
  notice?: string;
  /** Today in Bogota, the example of the date's format. */
  today: string;
}

/** The question each field answers, as the person reads it beside the field and in the list of problems. */
const FIELD_LABELS: Record<string, string> = {
  whatHappened: 'intakeUi:what.whatHappened',
  hopedOutcome: 'intakeUi:what.hopedOutcome',
  occurredOn: 'intakeUi:what.occurredOn',
  municipalityId: 'intakeUi:where.municipality',
  placeDetail: 'intakeUi:where.detail',
  companyId: 'intakeUi:company.question',
  categoryCodes: 'intakeUi:categories.question',
  identityMode: 'intakeUi:steps.identity.title',
  'identity.name': 'intakeUi:identity.name',
  'identity.documentId': 'intakeUi:identity.documentId',
  'identity.phone': 'intakeUi:identity.phone',
  'identity.email': 'intakeUi:identity.email',
  contactPreference: 'intakeUi:identity.contact',
  'consent.accepted': 'intakeUi:steps.consent.title',
};

/** The field a problem is shown beside (`identity` as a whole goes with the name; unknown ones above the form). */
function fieldOf(problem: FieldProblem): string {
  if (problem.field === 'identity') return 'identity.name';
  if (problem.field.startsWith('categoryCodes')) return 'categoryCodes';
  return problem.field;
}

const idOf = (field: string) => `f-${field.replace(/\./g, '-')}`;

/** The form, with the person's answers and the problems beside the fields they concern. */
export function renderFormPage(p: FormPage): string {
  const { t } = p.frame;
  const messageOf = (problem: FieldProblem) => t(`errors:${problem.messageKey}`, problem.params);
  const byField = new Map<string, string[]>();
  for (const problem of p.problems) {
    const field = fieldOf(problem);
    byField.set(field, [...(byField.get(field) ?? []), messageOf(problem)]);
  }
  const value = (name: string) => {
    const v = p.values[name];
    return escapeHtml(Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
  };
  const chosen = (name: string, option: string) => {
    const v = p.values[name];
    return Array.isArray(v) ? v.includes(option) : v === option;
  };
  const errorsOf = (field: string) => (byField.get(field) ?? []).map((m) => `<p class="error" id="${idOf(field)}-error">${escapeHtml(m)}</p>`).join('');
  const described = (field: string, hint?: boolean) => {
    const ids = [...(hint ? [`${idOf(field)}-hint`] : []), ...(byField.has(field) ? [`${idOf(field)}-error`] : [])];
    return `${ids.length ? ` aria-describedby="${ids.join(' ')}"` : ''}${byField.has(field) ? ' aria-invalid="true"' : ''}`;
  };
  const hint = (field: string, text: string) => `<p class="hint" id="${idOf(field)}-hint">${escapeHtml(text)}</p>`;
  const label = (field: string, required = false) =>
    `<label for="${idOf(field)}">${escapeHtml(t(FIELD_LABELS[field]!))}${required ? ` <span class="hint">${escapeHtml(t('plainForm:required'))}</span>` : ''}</label>`;
  const input = (field: string, type: string, extra = '', withHint = false) =>
    `<input type="${type}" id="${idOf(field)}" name="${field}" value="${value(field)}"${extra}${described(field, withHint)}>`;
  const option = (name: string, v: string, text: string) =>
    `<option value="${escapeHtml(v)}"${chosen(name, v) ? ' selected' : ''}>${escapeHtml(text)}</option>`;
  const legend = (field: string, required = false) =>
    `<legend id="${idOf(field)}">${escapeHtml(t(FIELD_LABELS[field]!))}${required ? ` <span class="hint">${escapeHtml(t('plainForm:required'))}</span>` : ''}</legend>`;

  const listed = p.problems.map((problem) => {
    const field = fieldOf(problem);
    const name = FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : t('plainForm:otherField');
    const target = FIELD_LABELS[field] ? `#${idOf(field)}` : '#form';
    return `<li><a href="${target}">${escapeHtml(name)}: ${escapeHtml(messageOf(problem))}</a></li>`;
  });
  const summary = listed.length
    ? `<div class="summary" role="alert"><p><strong>${escapeHtml(t('intakeUi:errorsIntro', { count: listed.length }))}</strong></p><ul>${listed.join('')}</ul></div>`
    : '';
  const notice = p.notice ? `<p class="summary" role="alert">${escapeHtml(p.notice)}</p>` : '';
  const policy = p.choices.policy;

  const body = `<h1>${escapeHtml(t('intakeUi:title'))}</h1><p>${escapeHtml(t('plainForm:intro'))}</p>${notice}${summary}
<form id="form" method="post" action="${escapeHtml(p.action)}" accept-charset="utf-8">
<input type="hidden" name="_csrf" value="${escapeHtml(p.csrfToken)}"><input type="hidden" name="idempotencyKey" value="${escapeHtml(p.idempotencyKey)}"><input type="hidden" name="idioma" value="${escapeHtml(p.filedIn)}"><input type="hidden" name="consent.policyVersion" value="${escapeHtml(policy.version)}">
<h2>${escapeHtml(t('intakeUi:steps.what.title'))}</h2>
${label('whatHappened', true)}${hint('whatHappened', t('intakeUi:what.whatHappenedHint'))}${errorsOf('whatHappened')}<textarea id="${idOf('whatHappened')}" name="whatHappened" maxlength="${INTAKE_LIMITS.whatHappenedMax}"${described('whatHappened', true)}>${value('whatHappened')}</textarea>
${label('hopedOutcome')}${hint('hopedOutcome', t('intakeUi:what.hopedOutcomeHint'))}${errorsOf('hopedOutcome')}<textarea id="${idOf('hopedOutcome')}" name="hopedOutcome" maxlength="${INTAKE_LIMITS.hopedOutcomeMax}"${described('hopedOutcome', true)}>${value('hopedOutcome')}</textarea>
${label('occurredOn')}${hint('occurredOn', `${t('intakeUi:what.occurredOnHint')} ${t('plainForm:dateHint', { example: p.today })}`)}${errorsOf('occurredOn')}${input('occurredOn', 'date', ` max="${p.today}"`, true)}
<h2>${escapeHtml(t('intakeUi:steps.where.title'))}</h2>
${label('municipalityId', true)}${errorsOf('municipalityId')}<select id="${idOf('municipalityId')}" name="municipalityId"${described('municipalityId')}>${option('municipalityId', '', t('intakeUi:where.chooseMunicipality'))}${p.choices.municipalities.map((m) => option('municipalityId', m.id, m.name)).join('')}</select>
${label('placeDetail')}${hint('placeDetail', t('plainForm:placeHint'))}${errorsOf('placeDetail')}${input('placeDetail', 'text', ` maxlength="${INTAKE_LIMITS.placeDetailMax}"`, true)}
<h2>${escapeHtml(t('intakeUi:steps.company.title'))}</h2>
${label('companyId', true)}${hint('companyId', t('intakeUi:company.unknownHint'))}${errorsOf('companyId')}<select id="${idOf('companyId')}" name="companyId"${described('companyId', true)}>${option('companyId', '', t('intakeUi:common.choose'))}${p.choices.companies.map((c) => option('companyId', c.id, c.name)).join('')}${option('companyId', 'unknown', t('intakeUi:company.unknown'))}</select>
<fieldset${described('categoryCodes')}>${legend('categoryCodes', true)}<p class="hint">${escapeHtml(t('intakeUi:categories.hint', { count: INTAKE_LIMITS.categoriesMax }))}</p>${errorsOf('categoryCodes')}
${p.choices.categories.map((c) => `<label class="choice"><input type="checkbox" name="categoryCodes" value="${escapeHtml(c.code)}"${chosen('categoryCodes', c.code) ? ' checked' : ''}><span>${escapeHtml(c.name)}<br><span class="hint">${escapeHtml(c.description)}</span></span></label>`).join('\n')}</fieldset>
<h2>${escapeHtml(t('intakeUi:steps.identity.title'))}</h2><p>${escapeHtml(t('intakeUi:steps.identity.intro'))}</p>
<fieldset${described('identityMode')}>${legend('identityMode', true)}${errorsOf('identityMode')}
${IDENTITY_MODES.map((mode) => `<label class="choice"><input type="radio" name="identityMode" value="${mode}"${chosen('identityMode', mode) ? ' checked' : ''}><span>${escapeHtml(t(`domain:identityMode.${mode}`))}<br><span class="hint">${escapeHtml(t(`intakeUi:identity.explain.${mode}`))}</span></span></label>`).join('\n')}</fieldset>
<fieldset><legend>${escapeHtml(t('plainForm:identityFields'))}</legend>
${label('identity.name')}${errorsOf('identity.name')}${input('identity.name', 'text', ` maxlength="${INTAKE_LIMITS.nameMax}" autocomplete="name"`)}
${label('identity.documentId')}${errorsOf('identity.documentId')}${input('identity.documentId', 'text', ' inputmode="numeric"')}
${label('identity.phone')}${hint('identity.phone', t('intakeUi:identity.phoneHint'))}${errorsOf('identity.phone')}${input('identity.phone', 'tel', ' autocomplete="tel"', true)}
${label('identity.email')}${errorsOf('identity.email')}${input('identity.email', 'email', ` maxlength="${INTAKE_LIMITS.emailMax}" autocomplete="email"`)}
${label('contactPreference')}${hint('contactPreference', t('intakeUi:identity.contactHint'))}${errorsOf('contactPreference')}<select id="${idOf('contactPreference')}" name="contactPreference"${described('contactPreference', true)}>${option('contactPreference', '', t('intakeUi:common.choose'))}${CONTACT_PREFERENCES.filter(
    (c) => c !== 'facilitator',
  )
    .map((c) => option('contactPreference', c, t(`intake:contactPreference.${c}`)))
    .join('')}</select></fieldset>
<h2>${escapeHtml(t('intakeUi:steps.consent.title'))}</h2><p>${escapeHtml(t('intakeUi:steps.consent.intro'))}</p>
<p class="hint">${escapeHtml(t('intakeUi:consent.version', { version: policy.version, date: policy.publishedOn }))}</p>
${policy.summary ? `<div class="note">${paragraphs(policy.summary)}</div>` : ''}<details><summary>${escapeHtml(t('plainForm:policyFull'))}</summary>${paragraphs(policy.text)}</details>
${errorsOf('consent.accepted')}<label class="choice" id="${idOf('consent.accepted')}"><input type="checkbox" name="consent.accepted" value="yes"${chosen('consent.accepted', 'yes') ? ' checked' : ''}${described('consent.accepted')}><span>${escapeHtml(t('intakeUi:consent.accept', { version: policy.version }))}</span></label>
<button type="submit">${escapeHtml(t('intakeUi:send.send'))}</button>
</form><p class="note">${escapeHtml(t('intakeUi:withoutCode.elsewhere'))}</p>`;
  return page(p.frame, body);
}

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((para) => `<p>${escapeHtml(para.trim())}</p>`)
    .join('');
}

/** What the receipt shows. */
export interface ReceiptPage {
  frame: PageFrame;
  reference: string;
  receiptKey?: string;
  receiptKeyAlreadyShown: boolean;
  alreadyFiled: boolean;
  filedAt: string;
  /** What happens next, already in words. */
  next: string;
  anotherHref: string;
}

/** The receipt: the reference and, for an anonymous complaint, the secret key shown this once, to write down or print. */
export function renderReceiptPage(p: ReceiptPage): string {
  const { t } = p.frame;
  const key = p.receiptKey ? `<dt>${escapeHtml(t('intakeUi:receipt.key'))}</dt><dd data-receipt-key>${escapeHtml(p.receiptKey)}</dd>` : '';
  const body = `<h1>${escapeHtml(t(p.alreadyFiled ? 'intakeUi:receipt.alreadyFiled' : 'intakeUi:receipt.heading'))}</h1>
<section class="receipt" aria-labelledby="receipt-title"><h2 id="receipt-title">${escapeHtml(t('intakeUi:receipt.title'))}</h2><dl><dt>${escapeHtml(t('intakeUi:receipt.reference'))}</dt><dd data-reference>${escapeHtml(p.reference)}</dd>${key}</dl>
<p>${escapeHtml(t('intakeUi:receipt.filedOn', { date: p.filedAt }))}</p>
${p.receiptKey ? `<p><strong>${escapeHtml(t('intakeUi:receipt.keyWarning'))}</strong></p>` : `<p>${escapeHtml(t('intakeUi:receipt.keepReference'))}</p>`}
${p.receiptKeyAlreadyShown ? `<p><strong>${escapeHtml(t('intakeUi:receipt.keyAlreadyShown'))}</strong></p>` : ''}</section>
<p class="note no-print">${escapeHtml(t('plainForm:writeDown'))}</p><p class="no-print">${escapeHtml(t('plainForm:print'))}</p>
<h2>${escapeHtml(t('intakeUi:receipt.nextTitle'))}</h2><p>${escapeHtml(p.next)}</p>
<p class="no-print"><a href="/seguimiento">${escapeHtml(t('intakeUi:receipt.track'))}</a></p><p class="hint no-print">${escapeHtml(t('plainForm:trackWithApp'))}</p>
<p class="no-print"><a href="${escapeHtml(p.anotherHref)}">${escapeHtml(t('intakeUi:receipt.another'))}</a></p>`;
  return page(p.frame, body);
}

/** A refusal with nothing to keep (the request did not come from the form, the route is not for this account, an outage). */
export function renderProblemPage(frame: PageFrame, message: string, formHref: string): string {
  const { t } = frame;
  return page(
    frame,
    `<h1>${escapeHtml(t('intakeUi:title'))}</h1><p class="summary" role="alert">${escapeHtml(message)}</p><p><a href="${escapeHtml(formHref)}">${escapeHtml(t('plainForm:openForm'))}</a></p>`,
  );
}
