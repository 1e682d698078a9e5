/**
 * The answer to `ESTADO <referencia> <clave>`: the case's status and its next open deadline, in words
 * short enough for one SMS. The key is read and checked exactly as the tracking page does it
 * (shared/receiptCheck.ts, then server/commands/receiptKeyChecker.ts: the same slow hash, the same decoy
 * for an unknown reference, and the same guess throttle, whose count per reference is shared with
 * /api/track and claims; the phone number stands for the address). So the answer for an unknown
 * reference and for a wrong key is the same, SMS is no cheaper way to guess, and the owner is never
 * locked out by others' guesses.
 */
import type { TFunction } from 'i18next';
import type { AppContext } from '../context';
import { TooManyAttempts } from '../errors';
import { checkReceiptKey } from '../commands/receiptKeyChecker';
import { findCase, type CaseRow } from '../repositories/cases';
import { listCaseDeadlines, mechanismCalendar } from '../repositories/deadlines';
import { deadlineClock, presentDeadlineBadge } from '../presenters/deadlinePresenter';
import { formatCountdown } from '../../shared/deadlineText';
import { readReceiptCheck } from '../../shared/receiptCheck';

/** What checking a reference and key gave. */
export type StatusCheck = { found: CaseRow } | { found: null; reply: string };

/** Checks `reference` (or a device receipt's provisional code) and `key` for the number with blind index `phoneIndex`. */
export async function checkStatusKey(ctx: AppContext, phoneIndex: string, reference: string, key: string, t: TFunction): Promise<StatusCheck> {
  const check = readReceiptCheck(reference, key);
  if (!check) return { found: null, reply: t('channels:status.malformed') };
  let caseId: string | undefined;
  try {
    caseId = await checkReceiptKey(ctx, `phone:${phoneIndex}`, check);
  } catch (err) {
    if (!(err instanceof TooManyAttempts)) throw err;
    const seconds = err.retryAfterSeconds;
    return {
      found: null,
      reply:
        seconds < 60
          ? t('channels:status.tooMany', { context: 'seconds', count: seconds })
          : t('channels:status.tooMany', { context: 'minutes', count: Math.ceil(seconds / 60) }),
    };
  }
  const found = caseId ? await findCase(ctx.db, caseId) : undefined;
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
    deadline = t('channels:status.deadline', {
      stage: t(`deadlines:stage.${next.stage}`),
      date: `${day}/${month}/${year}`,
      countdown: formatCountdown(t, badge),
    });
  }
  return t('channels:status.answer', { reference: c.reference, status: t(`domain:status.${c.status}`), deadline });
}
