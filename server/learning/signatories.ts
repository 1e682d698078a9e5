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
import { findCase, findCaseForUpdate, insertCaseEvent, type CaseRow } from '../repositories/cases';
import { activeReveal } from '../repositories/custody';
import { localized } from '../presenters/casePresenter';

/** How many people a collective case speaks for now. */
export async function collectiveCount(db: Queryable, caseId: string): Promise<CollectiveCountDto> {
  const row = await db.one<{ declared: number | null; open: boolean; joined: number }>(
    `SELECT group_size AS declared, open_to_signatories AS open,
            (SELECT count(*)::int FROM case_signatories s WHERE s.case_id = c.id) AS joined
     FROM cases c WHERE c.id = $1`,
    [caseId],
  );
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
  const found = await db.maybeOne<{ id: string }>('SELECT id FROM cases WHERE reference = $1', [reference]);
  const c = found && (await findCase(db, found.id));
  return c && acceptsSignatories(c) ? c : undefined;
}

/** Adds the person behind `req` as a signatory of the collective case `reference`. 409 when they joined already. */
export async function joinCollective(ctx: AppContext, req: Request, reference: string, input: JoinInput): Promise<JoinedCollectiveDto> {
  // Staff join nothing: a company or the ombudsman signing a complaint would make no sense.
  if (req.user && req.user.role !== 'complainant') throw new NotFound();
  const fingerprint = ctx.cipher.fingerprint('collective-signatory', joinerKey(req, input));
  const caseId = await ctx.db.transaction(async (tx) => {
    const found = await joinableByReference(tx, reference);
    const c = found && (await findCaseForUpdate(tx, found.id));
    if (!c || !acceptsSignatories(c)) throw new NotFound();
    const at = ctx.clock.now();
    // The id is made here so the identity can be sealed to its row (docs/encryption.md).
    const id = crypto.randomUUID();
    try {
      await tx.query(
        `INSERT INTO case_signatories (id, case_id, identity_mode, identity_ciphertext, user_id, join_fingerprint, joined_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, c.id, input.identityMode, input.identityMode === 'anonymous' ? null : ctx.cipher.seal(input.identity, signatoryPlace(id)), req.user?.id ?? null, fingerprint, at],
      );
    } catch (err) {
      if (isUniqueViolation(err, 'case_signatories_once')) throw new AppError(409, 'already_signed');
      throw err;
    }
    // No actor on the history line: who joined is the signatory row's to protect, not the history's.
    await insertCaseEvent(tx, { caseId: c.id, kind: 'cases.signatory_joined', actorUserId: null, actorRole: 'anonymous', at });
    return c.id;
  });
  return { reference, identityMode: input.identityMode, count: await collectiveCount(ctx.db, caseId) };
}

interface SignatoryRow {
  id: string;
  identityMode: IdentityMode;
  identityCiphertext: string | null;
  joinedAt: Date;
}

/** The signatories of a case as `reader` may know them (confidential ones only during a reveal, which logged the look). */
export async function listSignatories(ctx: AppContext, reader: CaseActor, c: CaseAccessFacts): Promise<SignatoryListDto> {
  const rows = await ctx.db.query<SignatoryRow>(
    `SELECT id, identity_mode AS "identityMode", identity_ciphertext AS "identityCiphertext", joined_at AS "joinedAt"
     FROM case_signatories WHERE case_id = $1 ORDER BY joined_at, id`,
    [c.id],
  );
  const byMode: Record<IdentityMode, number> = { named: 0, confidential: 0, anonymous: 0 };
  for (const row of rows) byMode[row.identityMode] += 1;
  const complainantSide = sideOf(reader, c) === 'complainant';
  const revealed = reader.role === 'ombudsman' && rows.some((r) => r.identityMode === 'confidential') && Boolean(await activeReveal(ctx.db, c.id, reader.id, ctx.clock.now()));
  const signatories: SignatoryDto[] = complainantSide
    ? []
    : rows.map((row) => ({
        id: row.id,
        identityMode: row.identityMode,
        name: row.identityCiphertext && canSeeSignatory(reader, c, row.identityMode, revealed) ? ctx.cipher.open<{ name: string }>(row.identityCiphertext, signatoryPlace(row.id)).name : null,
        joinedAt: row.joinedAt.toISOString(),
      }));
  return { count: await collectiveCount(ctx.db, c.id), signatories, byMode };
}

/** Lists (or stops listing) a collective case on the public page. */
export async function setOpenToSignatories(ctx: AppContext, caseId: string, open: boolean): Promise<void> {
  await ctx.db.query('UPDATE cases SET open_to_signatories = $2 WHERE id = $1', [caseId, open]);
}

interface PublicRow {
  id: string;
  reference: string;
  groupName: string | null;
  groupKind: string;
  open: boolean;
  categories: Record<string, string>[];
  municipality: string;
  status: PublicCollectiveDto['status'];
}

const PUBLIC_SELECT = `
  SELECT c.id, c.reference, c.group_name AS "groupName", c.group_kind AS "groupKind", c.open_to_signatories AS open,
         mu.name AS municipality, c.status,
         COALESCE((SELECT json_agg(cat.name ORDER BY cat.position) FROM case_categories cc JOIN categories cat ON cat.id = cc.category_id
                   WHERE cc.case_id = c.id), '[]'::json) AS categories
  FROM cases c JOIN municipalities mu ON mu.id = c.municipality_id
  WHERE c.is_collective AND NOT c.red_flag AND c.status = ANY($1::text[])`;

async function presentPublic(db: Queryable, row: PublicRow, language: Language): Promise<PublicCollectiveDto> {
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
export async function publicCollective(db: Queryable, reference: string, language: Language, openStatuses: readonly string[]): Promise<PublicCollectiveDto | undefined> {
  const row = await db.maybeOne<PublicRow>(`${PUBLIC_SELECT} AND c.reference = $2`, [openStatuses, reference]);
  return row && presentPublic(db, row, language);
}

/** The collective cases of a mechanism whose promoters list them publicly, newest first. */
export async function publicCollectives(db: Queryable, mechanismId: string, language: Language, openStatuses: readonly string[]): Promise<PublicCollectiveDto[]> {
  const rows = await db.query<PublicRow>(`${PUBLIC_SELECT} AND c.open_to_signatories AND c.mechanism_id = $2 ORDER BY c.created_at DESC LIMIT 50`, [openStatuses, mechanismId]);
  return Promise.all(rows.map((row) => presentPublic(db, row, language)));
}
