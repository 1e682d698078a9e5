/**
 * What every dialogue command shares: lock the case (and answer 404 to whoever may not see it), turn a
 * policy refusal into a 409, and leave an entry in the thread plus a history event in the same
 * transaction, pushed live only after commit.
 */
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { AppError, InvalidTransition, NotFound, ValidationFailed } from '../errors';
import { actorUserId, canViewCase, type CaseActor } from '../policies/casePolicy';
import { linkAttachments } from '../repositories/attachments';
import type { Refusal } from '../policies/dialoguePolicy';
import type { ClockRefusal } from '../policies/deadlinePolicy';
import { findCaseForUpdate, findCaseForUpdateWithVersion, insertCaseEvent, type CaseRow, type VersionedCase } from '../repositories/cases';
import { findThreadEntry, insertThreadEntry, type InsertedThreadEntry, type NewThreadEntry } from '../repositories/messages';
import { publishCaseUpdated, publishThreadEntry } from '../realtime/caseRooms';
import type { AuthorRole } from '../../shared/types/dialogue';
import type { CaseEventKind } from '../../shared/caseEvents';

/** The case, locked until commit, or NotFound when `actor` may not see it. */
export async function lockVisibleCase(tx: Tx, actor: CaseActor, caseId: string): Promise<CaseRow> {
  const c = await findCaseForUpdate(tx, caseId);
  if (!c || !canViewCase(actor, c)) throw new NotFound();
  return c;
}

/** Who acts on a case: an actor, or how to tell them from the case row (a web request's user or tracking session, caseReaderResolver). */
export type ReaderOf = CaseActor | ((c: CaseRow) => CaseActor | undefined);

/** Who `readerOf` says acts on `c`, when they may see it. */
export function actorOn(readerOf: ReaderOf, c: CaseRow): CaseActor | undefined {
  if (typeof readerOf === 'function') return readerOf(c);
  return canViewCase(readerOf, c) ? readerOf : undefined;
}

/**
 * The case, locked until commit, with its row's version, and who acts on it (actorOn, told from the
 * locked row); NotFound when nobody may see it.
 */
export async function lockCaseFor(tx: Tx, readerOf: ReaderOf, caseId: string): Promise<VersionedCase & { actor: CaseActor }> {
  const locked = await findCaseForUpdateWithVersion(tx, caseId);
  const actor = locked && actorOn(readerOf, locked.c);
  if (!locked || !actor) throw new NotFound();
  return { ...locked, actor };
}

/**
 * Locks the case and appends an entry decided on `known`, a row of the case read before (with its
 * version), in one round trip: the insert goes out right behind the lock, without waiting for its
 * answer, and is written only while the case's row is still that version, so what was decided on
 * `known` holds for the locked row. It is the transaction's last statement (COMMIT with it: see
 * NewThreadEntry.lastInTransaction). The entry is pushed after commit with the case as locked.
 * Returns the case as locked (undefined when it is gone) and the entry, undefined when nothing was
 * written (the case changed, a retry, an open information request): the transaction then committed nothing.
 */
export async function appendOnKnownCase(
  ctx: AppContext,
  tx: Tx,
  known: VersionedCase,
  entry: EntryInput,
): Promise<{ locked: VersionedCase | undefined; entry: InsertedThreadEntry | undefined }> {
  const [locked, row] = await Promise.all([
    findCaseForUpdateWithVersion(tx, known.c.id),
    insertThreadEntry(tx, {
      ...entry,
      caseId: known.c.id,
      at: ctx.clock.now(),
      duringMediation: known.c.status === 'in_mediation',
      lastInTransaction: true,
      caseVersion: known.version,
    }),
  ]);
  if (locked && row) tx.afterCommit(() => publishThreadEntry(ctx, row, locked.c));
  return { locked, entry: locked && row };
}

/** Throws the 409 a policy refusal stands for; does nothing when the step is allowed. */
export function assertAllowed(refusal: Refusal | ClockRefusal | null, c: CaseRow, params: Record<string, unknown> = {}): void {
  if (refusal === null) return;
  if (refusal === 'invalid_transition') throw new InvalidTransition(c.status);
  throw new AppError(409, refusal, params);
}

/** How an actor is recorded as an author. */
export function authorOf(actor: CaseActor | null): { authorUserId: string | null; authorRole: AuthorRole } {
  if (!actor) return { authorUserId: null, authorRole: 'system' };
  // An anonymous complainant writes through their receipt key: no account, and no name in the thread.
  if (actor.role === 'tracker') return { authorUserId: null, authorRole: 'anonymous' };
  return { authorUserId: actor.id, authorRole: actor.role === 'admin' ? 'system' : actor.role };
}

type EntryInput = Omit<NewThreadEntry, 'caseId' | 'at' | 'duringMediation'>;
type Attach = (entryId: number) => Promise<void>;

/**
 * Appends an entry to the case's thread and pushes it after commit to those who may read it; `attach`
 * links files to the new entry first, so the push carries them. An entry with a client key its author
 * already used in the case is not written: undefined (the caller answers with the one posted before).
 */
export async function appendThreadEntry(
  ctx: AppContext,
  tx: Tx,
  c: CaseRow,
  entry: EntryInput & { clientKey: null },
  attach?: Attach,
): Promise<InsertedThreadEntry>;
export async function appendThreadEntry(ctx: AppContext, tx: Tx, c: CaseRow, entry: EntryInput, attach?: Attach): Promise<InsertedThreadEntry | undefined>;
export async function appendThreadEntry(ctx: AppContext, tx: Tx, c: CaseRow, entry: EntryInput, attach?: Attach): Promise<InsertedThreadEntry | undefined> {
  if (attach && entry.lastInTransaction) throw new Error('Files are linked after the insert: it cannot be the last statement');
  let row = await insertThreadEntry(tx, { ...entry, caseId: c.id, at: ctx.clock.now(), duringMediation: c.status === 'in_mediation' });
  if (!row) return undefined;
  if (attach) {
    await attach(row.id);
    row = { ...(await findThreadEntry(tx, row.id))!, openInformationRequestId: row.openInformationRequestId };
  }
  const pushed = row;
  tx.afterCommit(() => publishThreadEntry(ctx, pushed, c));
  return row;
}

/** Links files uploaded for a message or a report; refuses the whole step (400, nothing changed) unless every one was. */
export async function linkFilesOrRefuse(
  tx: Tx,
  actor: CaseActor,
  ids: readonly string[],
  to: { caseId: string } & ({ messageId: number } | { commitmentId: number }),
): Promise<void> {
  const linked = await linkAttachments(tx, ids, { ...to, uploadedByUserId: actorUserId(actor) });
  if (linked !== ids.length) throw new ValidationFailed([{ field: 'attachmentIds', messageKey: 'validation.attachment_unavailable' }]);
}

/**
 * Records a dialogue step: a history event (unless `eventKind` is null because the status transition
 * of the same step already wrote one), an entry in the thread (`parties` unless said otherwise), and a
 * `case.updated` push after commit. `c` is the case as it is after the step.
 */
export async function recordDialogueStep(
  ctx: AppContext,
  tx: Tx,
  c: CaseRow,
  actor: CaseActor | null,
  step: {
    eventKind: CaseEventKind | null;
    entryKind: NewThreadEntry['kind'];
    data: Record<string, unknown>;
    reason?: string | null;
    visibility?: 'parties' | 'ombudsman_private';
  },
): Promise<void> {
  const author = authorOf(actor);
  if (step.eventKind) {
    await insertCaseEvent(tx, {
      caseId: c.id,
      kind: step.eventKind,
      actorUserId: author.authorUserId,
      actorRole: author.authorRole,
      reason: step.reason ?? null,
      data: step.data,
      at: ctx.clock.now(),
    });
  }
  await appendThreadEntry(ctx, tx, c, {
    kind: step.entryKind,
    ...author,
    visibility: step.visibility ?? 'parties',
    internalOrg: null,
    body: null,
    data: step.reason ? { ...step.data, reason: step.reason } : step.data,
    clientKey: null,
  });
  tx.afterCommit(() => publishCaseUpdated(ctx, c));
}
