/**
 * The answer to `ESTADO <referencia> <clave>`: the case's status and its next open deadline, in words
 * short enough for one SMS. The key is checked exactly as the tracking page checks it (the same slow
 * hash, the same decoy for an unknown reference, the same per-reference limit shared with
 * /api/track, plus one per phone number), so the answer for an unknown reference and for a wrong key
 * is the same, and SMS is no cheaper way to guess.
 */
import type { TFunction } from 'i18next';
import type { AppContext } from '../context';
import { verifyAgainstDecoy, verifySecret } from '../auth/passwords';
import { TooManyAttempts } from '../errors';
import { consumeRateLimit } from '../http/rateLimit';
import { TRACK_LIMIT } from '../routes/intake/intakeRoutes';
import { findCase, findCaseKeyByReference, type CaseRow } from '../repositories/cases';
import { listCaseDeadlines, mechanismCalendar } from '../repositories/deadlines';
import { deadlineClock, presentDeadlineBadge } from '../presenters/deadlinePresenter';
import { formatCountdown } from '../../shared/deadlineText';
import { REFERENCE_PATTERN } from '../../shared/validation/intake';
import { formatReceiptKey, isWellFormedReceiptKey } from '../../shared/receiptKey';

/** What checking a reference and key gave. */
export type StatusCheck = { found: CaseRow } | { found: null; reply: string };

/** Checks `reference` and `key` for the number with blind index `phoneIndex`. */
export async function checkStatusKey(ctx: AppContext, phoneIndex: string, reference: string, key: string, t: TFunction): Promise<StatusCheck> {
  const now = ctx.clock.now();
  if (!REFERENCE_PATTERN.test(reference) || !isWellFormedReceiptKey(key)) return { found: null, reply: t('channels:status.malformed') };
  try {
    await consumeRateLimit(ctx.db, `track:phone:${phoneIndex}`, TRACK_LIMIT, now);
    await consumeRateLimit(ctx.db, `track:ref:${reference}`, TRACK_LIMIT, now);
  } catch (err) {
    if (!(err instanceof TooManyAttempts)) throw err;
    return { found: null, reply: t('channels:status.tooMany', { count: Math.max(1, Math.ceil(err.retryAfterSeconds / 60)) }) };
  }
  const stored = await findCaseKeyByReference(ctx.db, reference);
  const typed = formatReceiptKey(key);
  // An unknown reference costs the same time as a wrong key, and both get the same words.
  const valid = stored?.receiptKeyHash ? await verifySecret(stored.receiptKeyHash, typed) : await verifyAgainstDecoy(typed);
  const found = stored && valid ? await findCase(ctx.db, stored.id) : undefined;
  return found ? { found } : { found: null, reply: t('channels:status.notFound') };
}

/** The status of `c` and its next open deadline, in the person's words. */
export async function statusText(ctx: AppContext, c: CaseRow, t: TFunction): Promise<string> {
  const open = (await listCaseDeadlines(ctx.db, c.id))
    .filter((d) => d.satisfiedAt === null && d.cancelledAt === null)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  const next = open[0];
  let deadline = t('channels:status.noDeadline');
  if (next) {
    const badge = presentDeadlineBadge(next, deadlineClock(ctx.clock.now(), await mechanismCalendar(ctx.db, c.mechanismId)));
    const [year, month, day] = next.dueOn.split('-');
    deadline = t('channels:status.deadline', { stage: t(`deadlines:stage.${next.stage}`), date: `${day}/${month}/${year}`, countdown: formatCountdown(t, badge) });
  }
  return t('channels:status.answer', { reference: c.reference, status: t(`domain:status.${c.status}`), deadline });
}
