/**
 * Test data built through the same hooks the product uses: a case is inserted with its 'cases.filed'
 * history event and gets its deadlines from onCaseFiled, as intake will do.
 */
import crypto from 'node:crypto';
import type { CaseStatus } from '../shared/caseLifecycle';
import { casePlace } from '../server/crypto/sealedColumns';
import { emailIndexOf } from '../server/repositories/users';
import type { IdentityMode } from '../shared/types/api';
import type { AppContext } from '../server/context';
import type { Tx } from '../server/db/database';
import { nextReference } from '../server/repositories/references';
import { onCaseFiled } from '../server/deadlines/deadlineScheduler';
import { findCase, insertCaseEvent, type CaseRow } from '../server/repositories/cases';

/** What a test may choose about a new case; everything else gets a plain valid value. */
export interface CaseSpec {
  /** Company slug; null for a case nobody has routed yet. Default: the first company. */
  company?: string | null;
  identityMode?: IdentityMode;
  /** E-mail of the complainant's account, if they have one. */
  complainantEmail?: string;
  redFlag?: boolean;
  description?: string;
}

/** Inserts a received case, its filing event and its deadlines inside `tx`, filed at ctx.clock.now(). */
export async function buildCaseIn(ctx: AppContext, tx: Tx, spec: CaseSpec = {}): Promise<string> {
  const at = ctx.clock.now();
  const mechanism = await tx.one<{ id: string; prefix: string; municipalityId: string }>(
    `SELECT m.id, m.reference_prefix AS prefix,
            (SELECT mu.id FROM municipalities mu WHERE mu.mechanism_id = m.id ORDER BY mu.dane_code LIMIT 1) AS "municipalityId"
     FROM mechanisms m ORDER BY m.created_at LIMIT 1`,
  );
  const companyId =
    spec.company === null
      ? null
      : (await tx.one<{ id: string }>(
          spec.company ? 'SELECT id FROM companies WHERE mechanism_id = $1 AND slug = $2' : 'SELECT id FROM companies WHERE mechanism_id = $1 ORDER BY slug LIMIT 1',
          spec.company ? [mechanism.id, spec.company] : [mechanism.id],
        )).id;
  const complainant = spec.complainantEmail
    ? await tx.one<{ id: string }>('SELECT id FROM users WHERE email_index = $1', [emailIndexOf(ctx.cipher, spec.complainantEmail)])
    : undefined;
  const identityMode = spec.identityMode ?? 'named';
  const status: CaseStatus = 'received';
  const reference = await nextReference(tx, mechanism.id, mechanism.prefix, at);
  const id = crypto.randomUUID();
  const row = await tx.one<{ id: string }>(
    `INSERT INTO cases (id, mechanism_id, reference, status, company_id, municipality_id, description, identity_mode,
       identity_ciphertext, contact_preference, complainant_user_id, red_flag, created_at, updated_at)
     VALUES ($13, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
    [
      mechanism.id,
      reference,
      status,
      companyId,
      mechanism.municipalityId,
      spec.description ?? 'Polvo de carbón en las casas de la vereda desde hace una semana.',
      identityMode,
      identityMode === 'anonymous' ? null : ctx.cipher.seal({ name: 'Persona de prueba' }, casePlace(id, 'identity')),
      identityMode === 'anonymous' ? 'none' : 'phone',
      complainant?.id ?? null,
      spec.redFlag ?? false,
      at,
      id,
    ],
  );
  await insertCaseEvent(tx, {
    caseId: row.id,
    kind: 'cases.filed',
    toStatus: status,
    actorUserId: complainant?.id ?? null,
    actorRole: complainant ? 'complainant' : 'anonymous',
    at,
  });
  await onCaseFiled(ctx, tx, { id: row.id, mechanismId: mechanism.id, companyId, redFlag: spec.redFlag ?? false, status });
  return row.id;
}

/** buildCaseIn in a transaction of its own; returns the case as queues load it. */
export async function buildCase(ctx: AppContext, spec: CaseSpec = {}): Promise<CaseRow> {
  const id = await ctx.db.transaction((tx) => buildCaseIn(ctx, tx, spec));
  return (await findCase(ctx.db, id))!;
}
