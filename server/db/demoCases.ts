/**
 * The demo complaints (demo/cases.json) as rows: each case filed at its date, with its categories, its
 * filing event and one event per step of its path, ending in the status the file says.
 */
import crypto from 'node:crypto';
import { bogotaDate } from '../../shared/calendar';
import { transitionFor, type CaseStatus } from '../../shared/caseLifecycle';
import { casePlace } from '../crypto/sealedColumns';
import type { FieldCipher } from '../crypto/fieldCipher';
import { insertCaseEvent } from '../repositories/cases';
import { nextReference } from '../repositories/references';
import type { Queryable } from './database';
import { DEMO_CASES, DEMO_CATEGORIES, DEMO_MECHANISM, type DemoCase } from './demoData';
import type { DemoIds } from './demoMechanism';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Files every demo case, oldest first so that reference numbers follow filing order (inside the seed's transaction). */
export async function seedDemoCases(tx: Queryable, cipher: FieldCipher, ids: DemoIds, receiptHash: string, now: Date): Promise<void> {
  const cases = [...DEMO_CASES].sort((a, b) => b.daysAgo - a.daysAgo);
  for (const demo of cases) await seedDemoCase(tx, cipher, ids, demo, receiptHash, now);
}

async function seedDemoCase(tx: Queryable, cipher: FieldCipher, ids: DemoIds, demo: DemoCase, receiptHash: string, now: Date): Promise<void> {
  const filedAt = new Date(now.getTime() - demo.daysAgo * DAY_MS);
  const reference = await nextReference(tx, ids.mechanismId, DEMO_MECHANISM.referencePrefix, filedAt);
  const filer = demo.by ? ids.users.get(demo.by)! : undefined;
  const redFlag = demo.categories.some((code) => DEMO_CATEGORIES.find((c) => c.code === code)?.redFlag);
  const caseId = crypto.randomUUID();
  await tx.query(
    `INSERT INTO cases (id, mechanism_id, reference, status, company_id, municipality_id, vereda_id, occurred_on, description,
       hoped_outcome, identity_mode, identity_ciphertext, contact_preference, complainant_user_id, filed_by_user_id,
       is_collective, group_name, group_kind, group_size, red_flag, escalation_level, receipt_key_hash, created_at, updated_at)
     VALUES ($22, $1, $2, 'received', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21)`,
    [
      ids.mechanismId,
      reference,
      demo.company ? ids.companies.get(demo.company) : null,
      ids.municipalities.get(demo.municipality),
      demo.place ? (ids.places.get(`${demo.municipality}/${demo.place}`) ?? null) : null,
      demo.occurredDaysAgo ? bogotaDate(new Date(now.getTime() - demo.occurredDaysAgo * DAY_MS)) : null,
      demo.description,
      demo.hopedOutcome,
      demo.identityMode,
      demo.identity ? cipher.seal(demo.identity, casePlace(caseId, 'identity')) : null,
      demo.identityMode === 'anonymous' ? 'none' : demo.by === 'facilitator' ? 'facilitator' : 'phone',
      demo.by === 'complainant' ? filer?.id : null,
      demo.by === 'facilitator' ? filer?.id : null,
      Boolean(demo.collective),
      demo.collective?.name ?? null,
      demo.collective?.kind ?? null,
      demo.collective?.size ?? null,
      redFlag,
      demo.escalationLevel ?? 0,
      demo.identityMode === 'anonymous' && demo.status === 'received' ? receiptHash : null,
      filedAt,
      caseId,
    ],
  );
  for (const code of demo.categories) {
    await tx.query('INSERT INTO case_categories (case_id, category_id) VALUES ($1, $2)', [caseId, ids.categories.get(code)]);
  }
  await insertCaseEvent(tx, {
    caseId,
    kind: 'cases.filed',
    toStatus: 'received',
    actorUserId: filer?.id ?? null,
    actorRole: filer?.role ?? 'anonymous',
    at: filedAt,
  });
  let status: CaseStatus = 'received';
  let at = filedAt;
  for (const step of demo.path) {
    const transition = transitionFor(step.action);
    const anonymousComplainant = step.by === 'complainant' && demo.identityMode === 'anonymous';
    const actor = step.by === 'system' || anonymousComplainant ? undefined : ids.users.get(step.by);
    at = new Date(filedAt.getTime() + step.afterDays * DAY_MS);
    await insertCaseEvent(tx, {
      caseId,
      kind: `cases.${step.action}`,
      fromStatus: status,
      toStatus: transition.to,
      actorUserId: actor?.id ?? null,
      actorRole: step.by === 'system' ? 'system' : (actor?.role ?? 'anonymous'),
      reason: step.reason ?? null,
      at,
    });
    status = transition.to;
  }
  if (status !== demo.status) throw new Error(`Demo case ${reference} ends in ${status}, expected ${demo.status}`);
  await tx.query('UPDATE cases SET status = $2, updated_at = $3 WHERE id = $1', [caseId, status, at]);
}
