/**
 * People who join a collective complaint (issue #17 item 2). Each signatory keeps their own identity
 * mode: their identity is encrypted like a complainant's, shown to the company only when they joined
 * named and to the ombudsman unless they joined anonymously (each look at a confidential one is
 * logged). Joining twice is refused by a keyed fingerprint of who joined, unique per case: the account,
 * else the document number, else — for someone who gives neither — the browser session.
 */
import crypto from 'node:crypto';
import { signatoryPlace } from '../crypto/sealedColumns';
import type { Request } from 'express';
import type { IdentityMode } from '../../shared/types/api';
import type { CollectiveCountDto, JoinedCollectiveDto, PublicCollectiveDto, SignatoryDto, SignatoryListDto } from '../../shared/types/learning';
import type { Language } from '../../shared/roles';
import type { AppContext } from '../context';
import type { Queryable } from '../db/database';
import { isUniqueViolation } from '../db/database';
import { AppError, NotFound } from '../errors';
import { canSeeSignatory, acceptsSignatories } from '../policies/learningPolicy';
import { sideOf, type CaseActor, type CaseAccessFacts } from '../policies/casePolicy';
import { authorize, NO_RECORD } from '../policies/authorize';
import { findCase, findCaseForUpdate, findCaseKeyByReference, insertCaseEvent, type CaseRow } from '../repositories/cases';
import { activeReveal } from '../repositories/custody';
import {
  findCollectiveSize,
  findPublicCollective,
  insertSignatory,
  listPublicCollectives,
  listSignatoryRows,
  SIGNED_ONCE_CONSTRAINT,
  type PublicCollectiveRow,
} from '../repositories/signatories';
import { localized } from '../presenters/casePresenter';

/** How many people a collective case speaks for now. */
export async function collectiveCount(db: Queryable, caseId: string): Promise<CollectiveCountDto> {
  const row = await findCollectiveSize(db, caseId);
  const declaredSize = row.declared ?? 1;
  return { declaredSize, signatories: row.joined, speaksFor: declaredSize + row.joined, openToSignatories: row.open };
}

/** Who is joining: their identity mode and, unless anonymous, their identity as the intake form asks it. */
export interface JoinInput {
  identityMode: IdentityMode;
  identity?: { name: string; documentId?: string; phone?: string; email?: string };
}

/** What identifies the joiner for "not twice": the account, else the document number, else the session. */
function joinerKey(req: Request, input: JoinInput): string {
  if (req.user) return `user:${req.user.id}`;
  if (input.identity?.documentId) return `document:${input.identity.documentId}`;
  return `session:${req.sessionID}`;
}

/** The case with this reference, if it is a collective complaint people may join now. */
async function joinableByReference(db: Queryable, reference: string): Promise<CaseRow | undefined> {
  const found = await findCaseKeyByReference(db, reference);
  const c = found && (await findCase(db, found.id));
  return c && acceptsSignatories(c) ? c : undefined;
}

/** Adds the person behind `req` as a signatory of the collective case `reference`. 409 when they joined already. */
export async function joinCollective(ctx: AppContext, req: Request, reference: string, input: JoinInput): Promise<JoinedCollectiveDto> {
  // Staff join nothing: a company or the ombudsman signing a complaint would make no sense.
  authorize(req.user, 'collective.join', NO_RECORD);
  const fingerprint = ctx.cipher.fingerprint('collective-signatory', joinerKey(req, input));
  const caseId = await ctx.db.transaction(async (tx) => {
    const found = await joinableByReference(tx, reference);
    const c = found && (await findCaseForUpdate(tx, found.id));
    if (!c || !acceptsSignatories(c)) throw new NotFound();
    const at = ctx.clock.now();
    // The id is made here so the identity can be sealed to its row (docs/encryption.md).
    const id = crypto.randomUUID();
    try {
      await insertSignatory(tx, {
        id,
        caseId: c.id,
        identityMode: input.identityMode,
        identityCiphertext: input.identityMode === 'anonymous' ? null : ctx.cipher.seal(input.identity, signatoryPlace(id)),
        userId: req.user?.id ?? null,
        joinFingerprint: fingerprint,
        at,
      });
    } catch (err) {
      if (isUniqueViolation(err, SIGNED_ONCE_CONSTRAINT)) throw new AppError(409, 'already_signed');
      throw err;
    }
    // No actor on the history line: who joined is the signatory row's to protect, not the history's.
    await insertCaseEvent(tx, { caseId: c.id, kind: 'cases.signatory_joined', actorUserId: null, actorRole: 'anonymous', at });
    return c.id;
  });
  return { reference, identityMode: input.identityMode, count: await collectiveCount(ctx.db, caseId) };
}

/** The signatories of a case as `reader` may know them (confidential ones only during a reveal, which logged the look). */
export async function listSignatories(ctx: AppContext, reader: CaseActor, c: CaseAccessFacts): Promise<SignatoryListDto> {
  const rows = await listSignatoryRows(ctx.db, c.id);
  const byMode: Record<IdentityMode, number> = { named: 0, confidential: 0, anonymous: 0 };
  for (const row of rows) byMode[row.identityMode] += 1;
  const complainantSide = sideOf(reader, c) === 'complainant';
  const revealed =
    reader.role === 'ombudsman' && rows.some((r) => r.identityMode === 'confidential') && Boolean(await activeReveal(ctx.db, c.id, reader.id, ctx.clock.now()));
  const signatories: SignatoryDto[] = complainantSide
    ? []
    : rows.map((row) => ({
        id: row.id,
        identityMode: row.identityMode,
        name:
          row.identityCiphertext && canSeeSignatory(reader, c, row.identityMode, revealed)
            ? ctx.cipher.open<{ name: string }>(row.identityCiphertext, signatoryPlace(row.id)).name
            : null,
        joinedAt: row.joinedAt.toISOString(),
      }));
  return { count: await collectiveCount(ctx.db, c.id), signatories, byMode };
}

async function presentPublic(db: Queryable, row: PublicCollectiveRow, language: Language): Promise<PublicCollectiveDto> {
  return {
    reference: row.reference,
    // Only a group its promoters list publicly is named; by reference alone, what and where suffice.
    groupName: row.open ? row.groupName : null,
    groupKind: row.groupKind,
    categories: row.categories.map((name) => localized(name, language)),
    municipality: row.municipality,
    status: row.status,
    count: await collectiveCount(db, row.id),
  };
}

/** A joinable collective case by its reference, as anyone may see it before joining. */
export async function publicCollective(
  db: Queryable,
  reference: string,
  language: Language,
  openStatuses: readonly string[],
): Promise<PublicCollectiveDto | undefined> {
  const row = await findPublicCollective(db, reference, openStatuses);
  return row && presentPublic(db, row, language);
}

/** The collective cases of a mechanism whose promoters list them publicly, newest first. */
export async function publicCollectives(
  db: Queryable,
  mechanismId: string,
  language: Language,
  openStatuses: readonly string[],
): Promise<PublicCollectiveDto[]> {
  const rows = await listPublicCollectives(db, mechanismId, openStatuses);
  return Promise.all(rows.map((row) => presentPublic(db, row, language)));
}
