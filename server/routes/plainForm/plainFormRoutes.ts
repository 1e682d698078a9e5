/**
 * Filing a complaint with no JavaScript at all (docs/reach.md, "plain HTML form"): a page drawn on the
 * server and a classic form POST, for a phone whose app code never arrives on 2G, an old browser, or
 * JavaScript turned off. The filing is the JSON intake's: the same schema and messages, the same command
 * (createCase), idempotency key, rate limit and CSRF token (a hidden field instead of a header); the answer
 * is a page — the form again with the person's answers and the problems beside the fields, or the receipt.
 */
import crypto from 'node:crypto';
import compression from 'compression';
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { TFunction } from 'i18next';
import { bogotaDate } from '../../../shared/calendar';
import type { MechanismLanguageDto } from '../../../shared/languages';
import { LANGUAGE_CODE_PATTERN } from '../../../shared/languages';
import type { Language } from '../../../shared/roles';
import { PLAIN_FORM_PATH, type FileComplaintResponse } from '../../../shared/types/intake';
import { fileComplaintSchema } from '../../../shared/validation/intake';
import { createCase } from '../../commands/caseCreator';
import type { AppContext } from '../../context';
import { AppError, NotFound, TooManyAttempts, ServiceUnavailable, ValidationFailed } from '../../errors';
import { csrfTokenFor, csrfTokenMatches } from '../../http/csrf';
import { filingMechanism, MECHANISM_PARAM, requestedSlug } from '../../http/mechanismResolver';
import { consumeRateLimit } from '../../http/rateLimit';
import { filedCaseFollower, rememberTrackedCase } from '../../http/tracking';
import { parseInput, refuseUnstorableText } from '../../http/validate';
import { languageFromHeader, translatorFor } from '../../i18n';
import { mechanismLanguagesOf } from '../../languages/mechanismLanguages';
import { categoryWordsIn } from '../../languages/categoryWords';
import { logger } from '../../logger';
import { canFileComplaint } from '../../policies/casePolicy';
import { localized } from '../../presenters/casePresenter';
import { currentDataPolicy } from '../../repositories/dataPolicies';
import { mechanismLists, type MechanismRecord } from '../../repositories/mechanisms';
import { complaintFromForm, type PlainFormValues } from './plainFormInput';
import { plainFormPolicy, renderFormPage, renderProblemPage, renderReceiptPage, type FormChoices, type PageFrame } from './plainFormPages';

const HOUR_MS = 60 * 60 * 1000;
/** Remembers the language chosen on the form's switch for the next visit (the app keeps its own in the device). */
const LANGUAGE_COOKIE = 'puente.idioma';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The language the form is filled in (`code`: Spanish, English or one the mechanism adds) and the one its words are written in. */
interface FormLanguage {
  code: string;
  text: Language;
  t: TFunction;
  offered: MechanismLanguageDto[];
}

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * The form's language: the one named by the switch (`?idioma=`, or the form's hidden field when it comes
 * back), else the one remembered in the cookie, the account's, the browser's first choice if the mechanism
 * offers it, and Spanish. A mechanism's own language (Yukpa …) reads in Spanish, its written fallback.
 */
async function formLanguage(ctx: AppContext, req: Request, mechanism: MechanismRecord, posted?: string): Promise<FormLanguage> {
  const added = (await mechanismLanguagesOf(ctx.db, mechanism.id)).filter((l) => l.code !== 'es' && l.code !== 'en');
  const offered: MechanismLanguageDto[] = [
    { code: 'es', name: translatorFor('es')('app:language.es'), mode: 'written' },
    { code: 'en', name: translatorFor('en')('app:language.en'), mode: 'written' },
    ...added,
  ];
  const browserFirst = (req.get('accept-language') ?? '').split(',')[0]!.split(';')[0]!.trim().toLowerCase();
  const candidates = [
    posted,
    typeof req.query.idioma === 'string' ? req.query.idioma : undefined,
    cookieOf(req, LANGUAGE_COOKIE),
    req.user?.language,
    browserFirst,
    languageFromHeader(req.get('accept-language')),
  ];
  const code = candidates.find((c): c is string => c !== undefined && LANGUAGE_CODE_PATTERN.test(c) && offered.some((l) => l.code === c)) ?? 'es';
  const text: Language = code === 'en' ? 'en' : 'es';
  return { code, text, t: translatorFor(text), offered };
}

/** This address with the mechanism the page was opened for, and a language when given. */
function formHref(req: Request, language?: string): string {
  const query = new URLSearchParams();
  const mechanism = requestedSlug(req);
  if (mechanism) query.set(MECHANISM_PARAM, mechanism);
  if (language) query.set('idioma', language);
  const search = query.toString();
  return search ? `${PLAIN_FORM_PATH}?${search}` : PLAIN_FORM_PATH;
}

/** The lists the form offers, in the language on screen. */
async function choicesOf(ctx: AppContext, mechanism: MechanismRecord, language: FormLanguage): Promise<FormChoices> {
  const [lists, policy] = await Promise.all([mechanismLists(ctx.db, mechanism.id), currentDataPolicy(ctx.db, mechanism.id, ctx.clock.now())]);
  if (!policy) throw new NotFound();
  const wordsOf = await categoryWordsIn(ctx.db, mechanism.id, lists.categories, language.code, language.text);
  return {
    municipalities: lists.municipalities.map((m) => ({ id: m.id, name: m.name })),
    companies: lists.companies.map((c) => ({ id: c.id, name: c.name })),
    categories: lists.categories.map((c) => ({ code: c.code, ...wordsOf(c), redFlag: c.redFlag })),
    policy: {
      version: policy.version,
      publishedOn: new Intl.DateTimeFormat(language.text === 'en' ? 'en' : 'es-CO', { dateStyle: 'long', timeZone: 'America/Bogota' }).format(
        policy.publishedAt,
      ),
      summary: policy.summary ? localized(policy.summary, language.text) : null,
      text: localized(policy.text, language.text),
    },
  };
}

function frameOf(req: Request, language: FormLanguage, title: string, withSwitch: boolean): PageFrame {
  return {
    t: language.t,
    language: language.text,
    title: language.t(title),
    ...(withSwitch ? { languages: { list: language.offered, current: language.code, href: (code: string) => formHref(req, code) } } : {}),
  };
}

function sendPage(ctx: AppContext, res: Response, status: number, html: string): void {
  res.status(status);
  res.set({
    'Content-Type': 'text/html; charset=utf-8',
    // Each form carries a session's token and a one-time idempotency key; a receipt, a secret key.
    'Cache-Control': 'no-store',
    'Content-Security-Policy': plainFormPolicy(ctx.config.publicUrl.startsWith('https://')),
  });
  res.send(html);
}

/** The sentence after the receipt: who confirms receipt next. */
function nextStep(t: TFunction, input: { companyId: string | null; categoryCodes: string[] }, choices: FormChoices): string {
  if (choices.categories.some((c) => c.redFlag && input.categoryCodes.includes(c.code))) return t('intakeUi:receipt.next.ombudsmanReviews');
  const company = choices.companies.find((c) => c.id === input.companyId);
  return company ? t('intakeUi:receipt.next.company', { company: company.name }) : t('intakeUi:receipt.next.ombudsmanRoutes');
}

/** The routes of the form without JavaScript; `sessionParts` are the app's session, passport and its session reader. */
export function plainFormRoutes(ctx: AppContext, sessionParts: RequestHandler[]): Router {
  const router = Router();
  // The form is ~16 KB of HTML (the whole data policy, the topics): ~6 KB gzip on the line.
  router.use(PLAIN_FORM_PATH, compression(), ...sessionParts);

  router.get(PLAIN_FORM_PATH, async (req, res) => {
    const mechanism = await filingMechanism(ctx, req);
    const language = await formLanguage(ctx, req, mechanism);
    if (!canFileComplaint(req.user))
      return sendPage(ctx, res, 404, renderProblemPage(frameOf(req, language, 'plainForm:problemPageTitle', false), language.t('errors:not_found'), '/'));
    if (typeof req.query.idioma === 'string' && req.query.idioma === language.code) {
      res.cookie(LANGUAGE_COOKIE, language.code, { path: PLAIN_FORM_PATH, sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * HOUR_MS });
    }
    const choices = await choicesOf(ctx, mechanism, language);
    const today = bogotaDate(ctx.clock.now());
    const html = renderFormPage({
      frame: frameOf(req, language, 'plainForm:pageTitle', true),
      action: formHref(req),
      csrfToken: csrfTokenFor(req),
      idempotencyKey: crypto.randomUUID(),
      filedIn: language.code,
      choices,
      values: {},
      problems: [],
      today,
    });
    sendPage(ctx, res, 200, html);
  });

  router.post(PLAIN_FORM_PATH, express.urlencoded({ extended: false, limit: '300kb', parameterLimit: 200 }), async (req, res) => {
    const values = (req.body ?? {}) as PlainFormValues;
    const mechanism = await filingMechanism(ctx, req);
    const posted = typeof values.idioma === 'string' ? values.idioma : undefined;
    const language = await formLanguage(ctx, req, mechanism, posted);
    const today = bogotaDate(ctx.clock.now());
    const postedKey = typeof values.idempotencyKey === 'string' && UUID.test(values.idempotencyKey) ? values.idempotencyKey : undefined;
    // Read once, before anything is filed: the receipt is then drawn from what is in hand.
    let choices: FormChoices | undefined;
    const choicesNow = async () => (choices ??= await choicesOf(ctx, mechanism, language));
    const problemPage = (status: number, message: string) =>
      sendPage(ctx, res, status, renderProblemPage(frameOf(req, language, 'plainForm:problemPageTitle', false), message, formHref(req, language.code)));
    // The form again, with what was typed and a fresh token; `newKey` when the answers must be a new filing.
    const formAgain = async (status: number, problems: ValidationFailed['fields'], notice?: string, newKey = false) =>
      sendPage(
        ctx,
        res,
        status,
        renderFormPage({
          frame: frameOf(req, language, 'plainForm:pageTitle', true),
          action: formHref(req),
          csrfToken: csrfTokenFor(req),
          idempotencyKey: !newKey && postedKey ? postedKey : crypto.randomUUID(),
          filedIn: language.code,
          choices: await choicesNow(),
          values,
          problems,
          today,
          ...(notice ? { notice } : {}),
        }),
      );

    // The session's token, echoed by the form drawn for it: a page of another site has neither. A browser
    // that says where the request comes from must say this site.
    const site = req.get('sec-fetch-site');
    const fromThisSite = site === undefined || site === 'same-origin';
    if (!csrfTokenMatches(req, typeof values._csrf === 'string' ? values._csrf : undefined) || !fromThisSite) {
      logger.warn('plain form refused: no matching token', { fetchSite: site ?? null });
      // The person's own answers, proven to come from this site (the session expired while they wrote), come
      // back to be sent again; from anywhere else nothing is shown or kept.
      if (site === 'same-origin') return formAgain(403, [], language.t('plainForm:expired'));
      return problemPage(403, language.t('plainForm:refused'));
    }
    if (!canFileComplaint(req.user)) return problemPage(404, language.t('errors:not_found'));
    try {
      await consumeRateLimit(ctx.db, `file:${req.ip}`, { max: ctx.config.filingsPerHourPerIp, windowMs: HOUR_MS }, ctx.clock.now());
      const body = complaintFromForm(values, language.code);
      refuseUnstorableText(body);
      const input = parseInput(fileComplaintSchema(today), body);
      const offered = await choicesNow();
      const follower = filedCaseFollower(ctx, req);
      const answer: FileComplaintResponse = await createCase(ctx, mechanism, req.user, input, follower ? { follower } : {});
      if (!req.user) rememberTrackedCase(req, answer.caseId);
      const filedAt = new Intl.DateTimeFormat(language.text === 'en' ? 'en' : 'es-CO', {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: 'America/Bogota',
      }).format(ctx.clock.now());
      const html = renderReceiptPage({
        frame: frameOf(req, language, 'plainForm:receiptPageTitle', false),
        reference: answer.reference,
        ...(answer.receiptKey ? { receiptKey: answer.receiptKey } : {}),
        receiptKeyAlreadyShown: answer.receiptKeyAlreadyShown === true,
        alreadyFiled: answer.alreadyFiled,
        filedAt,
        next: nextStep(language.t, input, offered),
        anotherHref: formHref(req, language.code),
      });
      sendPage(ctx, res, answer.alreadyFiled ? 200 : 201, html);
    } catch (err) {
      if (err instanceof TooManyAttempts || err instanceof ServiceUnavailable) res.set('Retry-After', String(err.retryAfterSeconds));
      if (err instanceof ValidationFailed) return formAgain(400, err.fields);
      // A check against the mechanism (an unknown municipality or topic) names its field like the schema.
      if (err instanceof AppError && err.fields.length > 0) return formAgain(err.status, err.fields);
      // The key already filed other answers (changed after a first send): these can go as a new complaint.
      if (err instanceof AppError && err.code === 'idempotency_conflict') {
        return formAgain(409, [], `${language.t('errors:idempotency_conflict')} ${language.t('plainForm:sendAsNew')}`, true);
      }
      // Too many filings from this address, the database away for a moment: the answers stay to send again.
      if (err instanceof AppError) {
        if (err.status >= 500) logger.warn('plain form filing refused for now', { code: err.code, mechanismId: mechanism.id });
        return formAgain(err.status, [], language.t(`errors:${err.code}`, err.params));
      }
      logger.error('plain form filing failed', { err, mechanismId: mechanism.id });
      return formAgain(500, [], language.t('errors:internal'));
    }
  });

  // Anything else (an unknown mechanism, a body over the limit, the database away while the form is
  // drawn) answers a page too, never the API's JSON, in the browser's language.
  const pageForError: ErrorRequestHandler = (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const known = err instanceof AppError ? err : (err as { type?: string }).type === 'entity.too.large' ? new AppError(413, 'payload_too_large') : undefined;
    if (!known) logger.error('plain form page failed', { err, method: req.method });
    if (known instanceof TooManyAttempts || known instanceof ServiceUnavailable) res.set('Retry-After', String(known.retryAfterSeconds));
    const text = languageFromHeader(req.get('accept-language'));
    const t = translatorFor(text);
    const frame: PageFrame = { t, language: text, title: t('plainForm:problemPageTitle') };
    sendPage(ctx, res, known?.status ?? 500, renderProblemPage(frame, t(`errors:${known?.code ?? 'internal'}`, known?.params), formHref(req)));
  };
  router.use(PLAIN_FORM_PATH, pageForError);

  return router;
}
