/**
 * Checks the tamper-evident record (migration 0025, docs/audit.md): walks every chain of case events,
 * identity views and administrative changes, recomputing each entry's hash here in Node from the raw
 * columns — not with the database's own functions, which whoever rewrote the rows could have replaced —
 * and checks the chain heads and every stored daily digest against what the entries say now.
 *
 * Reports the first broken entry of each broken chain: an altered entry (its fields no longer give its
 * hash), a missing one (a gap in the sequence, or a head ahead of the last entry), an unexpected one (a
 * position taken twice), or a digest that no longer matches the entries or the digests before it.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database';
import type { AuditVerificationDto } from '../../shared/types/audit';
import {
  listChainEntries,
  listChainHeads,
  listDigestHeads,
  listStoredDigests,
  type ChainedTable,
  type ChainEntry,
  type ChainHead,
  type StoredDigest,
} from '../repositories/auditChains';

/** The tables whose rows are chained, and the digests that anchor them. */
export type AuditTable = 'case_events' | 'identity_views' | 'admin_changes' | 'audit_digests';

/** What is wrong at a break. */
export type AuditProblem = 'altered' | 'missing' | 'unexpected' | 'digest';

/** The first broken entry of one chain. */
export interface AuditBreak {
  table: AuditTable;
  /** The chain, e.g. `case_events:<case id>`, `admin_changes`, `audit_digests`. */
  chain: string;
  /** The position in the chain where it breaks (1 is the first entry). */
  seq: number;
  /** The row at that position (its `id`), or null when the entry is missing. */
  id: string | null;
  problem: AuditProblem;
}

/** What a verification found. */
export interface AuditReport {
  ok: boolean;
  chains: number;
  entries: number;
  digests: number;
  /** The latest instant recorded in an entry that verified (null when there are none). */
  verifiedThrough: Date | null;
  breaks: AuditBreak[];
}

/** The hash a chain starts from. */
export const GENESIS = '0'.repeat(64);

/** A field as it enters a hash; the Node twin of SQL `audit_field` (byte length, colon, text; null `~`). */
export function auditField(value: string | null): string {
  return value === null ? '~' : `${Buffer.byteLength(value, 'utf8')}:${value}`;
}

/** The hash of the entry at `seq` of `chain` whose sealed fields are `fields`, after `prev`. */
export function entryHash(prev: string, chain: string, seq: number, fields: readonly (string | null)[]): string {
  const body = fields.map(auditField).join('|');
  return createHash('sha256')
    .update(`${prev}|${auditField(chain)}|${seq}|${body}`, 'utf8')
    .digest('hex');
}

/** Walks one chain; returns its first break, if any, and the latest instant among its entries. */
function walkChain(
  table: ChainedTable,
  chain: string,
  rows: readonly ChainEntry[],
  head: Pick<ChainHead, 'seq' | 'hash'> | undefined,
): { broken?: AuditBreak; last: Date | null } {
  let expected = 1;
  let prev = GENESIS;
  let last: Date | null = null;
  const breakAt = (seq: number, id: string | null, problem: AuditProblem) => ({ broken: { table, chain, seq, id, problem }, last });
  for (const row of rows) {
    if (row.seq !== null && row.seq > expected) return breakAt(expected, null, 'missing');
    if (row.seq !== null && row.seq < expected) return breakAt(row.seq, row.id, 'unexpected');
    if (row.seq === null || row.hash !== entryHash(prev, chain, expected, row.fields)) return breakAt(expected, row.id, 'altered');
    prev = row.hash;
    if (!last || row.at > last) last = row.at;
    expected += 1;
  }
  // The head is moved by the same trigger that seals an entry: a head ahead of the chain lost its tail.
  if (head && head.seq >= expected) return breakAt(expected, null, 'missing');
  if (rows.length > 0 && (!head || head.hash !== prev)) return breakAt(expected - 1, rows[rows.length - 1]!.id, 'altered');
  return { last };
}

function groupByChain(rows: readonly ChainEntry[]): Map<string, ChainEntry[]> {
  const chains = new Map<string, ChainEntry[]>();
  for (const row of rows) {
    const list = chains.get(row.chain);
    if (list) list.push(row);
    else chains.set(row.chain, [row]);
  }
  return chains;
}

/** Checks the digests: each one's hash from its heads, each linked to the one before, each head still true. */
function checkDigests(
  digests: readonly StoredDigest[],
  heads: ReadonlyMap<string, { chain: string; seq: number; hash: string }[]>,
  stillTrue: (chain: string, seq: number, hash: string) => boolean,
): AuditBreak | undefined {
  let prev = GENESIS;
  for (const [index, digest] of digests.entries()) {
    const seq = index + 1;
    const moved = [...(heads.get(digest.id) ?? [])].sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));
    const lines = moved.map((h) => `${auditField(h.chain)}|${h.seq}|${h.hash}`).join('|');
    const hash = createHash('sha256').update(`${prev}|${digest.day}|${digest.entries}|${lines}`, 'utf8').digest('hex');
    if (digest.prevHash !== prev || digest.hash !== hash) return { table: 'audit_digests', chain: 'audit_digests', seq, id: digest.id, problem: 'digest' };
    if (moved.some((h) => !stillTrue(h.chain, h.seq, h.hash))) {
      return { table: 'audit_digests', chain: 'audit_digests', seq, id: digest.id, problem: 'digest' };
    }
    prev = digest.hash;
  }
  return undefined;
}

/**
 * Verifies every chain (or, with `caseId`, only that case's two chains and the digests' word on them)
 * and every digest. Read-only; run it on a copy as readily as on the live database.
 */
export async function verifyAudit(db: Queryable, scope: { caseId?: string } = {}): Promise<AuditReport> {
  const caseIds = scope.caseId ? [scope.caseId] : null;
  const headRows = await listChainHeads(db, scope.caseId ?? null);
  const heads = new Map(headRows.map((h) => [h.chain, { seq: h.seq, hash: h.hash }]));
  const tables: ChainedTable[] = caseIds ? ['case_events', 'identity_views'] : ['case_events', 'identity_views', 'admin_changes'];
  const breaks: AuditBreak[] = [];
  const seen = new Set<string>();
  const hashes = new Map<string, string>(); // `${chain}#${seq}` → hash of entries that verified
  let entries = 0;
  let verifiedThrough: Date | null = null;
  for (const table of tables) {
    const rows = await listChainEntries(db, table, caseIds);
    entries += rows.length;
    for (const [chain, chainRows] of groupByChain(rows)) {
      seen.add(chain);
      const { broken, last } = walkChain(table, chain, chainRows, heads.get(chain));
      if (broken) breaks.push(broken);
      for (const row of chainRows) if (row.seq !== null && row.hash !== null && (!broken || row.seq < broken.seq)) hashes.set(`${chain}#${row.seq}`, row.hash);
      if (last && (!verifiedThrough || last > verifiedThrough)) verifiedThrough = last;
    }
  }
  // A head with no entry left at all: the whole chain was deleted.
  for (const [chain, head] of heads) {
    if (seen.has(chain) || head.seq === 0) continue;
    const table = chain.split(':')[0] as ChainedTable;
    breaks.push({ table, chain, seq: 1, id: null, problem: 'missing' });
  }

  const brokenChains = new Set(breaks.map((b) => b.chain));
  const stillTrue = (chain: string, seq: number, hash: string) => brokenChains.has(chain) || hashes.get(`${chain}#${seq}`) === hash;
  if (caseIds) {
    // One case: what the digests said of its chains must still hold (the digests' own chain is the full check's).
    const said = await listDigestHeads(db, scope.caseId!);
    const wrong = said.find((h) => !stillTrue(h.chain, h.seq, h.hash));
    if (wrong) breaks.push({ table: 'audit_digests', chain: 'audit_digests', seq: 0, id: wrong.digestId, problem: 'digest' });
    return { ok: breaks.length === 0, chains: seen.size, entries, digests: new Set(said.map((h) => h.digestId)).size, verifiedThrough, breaks };
  }
  const digests = await listStoredDigests(db);
  const digestHeads = await listDigestHeads(db, null);
  const byDigest = new Map<string, { chain: string; seq: number; hash: string }[]>();
  for (const h of digestHeads) {
    const list = byDigest.get(h.digestId);
    if (list) list.push(h);
    else byDigest.set(h.digestId, [h]);
  }
  const digestBreak = checkDigests(digests, byDigest, stillTrue);
  if (digestBreak) breaks.push(digestBreak);
  return { ok: breaks.length === 0, chains: seen.size, entries, digests: digests.length, verifiedThrough, breaks };
}

/** What the ombudsman's audit page shows of a verification: how far it holds, or where it first breaks. */
export function presentVerification(report: AuditReport): AuditVerificationDto {
  const first = report.breaks[0];
  if (!first) return { ok: true, verifiedThrough: report.verifiedThrough?.toISOString() ?? null };
  return { ok: false, table: first.table, seq: first.seq, problem: first.problem };
}
