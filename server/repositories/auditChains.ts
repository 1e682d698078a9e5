/**
 * The tamper-evident record as stored (migration 0025, docs/audit.md): the chained rows of case events,
 * identity views and administrative changes read back with their sealed fields, the chain heads, and
 * the daily digests with the heads each committed to. SQL only; the hashes are checked in
 * audit/auditVerifier.ts, the digest published by audit/auditDigest.ts.
 */
import type { Queryable } from '../db/database';

// UTC with microseconds, whatever the session's time zone: the SQL twin is `audit_instant`.
const instant = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** How each chained table is read: its chain key, its sealed fields in order, and its instant. */
const TABLES = {
  case_events: {
    chainPrefix: 'case_events:',
    fields: `id::text, case_id::text, kind, from_status, to_status, actor_user_id::text, actor_role, reason, data::text, ${instant('created_at')}`,
    at: 'created_at',
  },
  identity_views: {
    chainPrefix: 'identity_views:',
    fields: `id::text, case_id::text, user_id::text, context, ${instant('viewed_at')}`,
    at: 'viewed_at',
  },
  admin_changes: {
    chainPrefix: 'admin_changes',
    fields: `id::text, mechanism_id::text, actor_user_id::text, source, action, target_id, data::text, ${instant('created_at')}`,
    at: 'created_at',
  },
} as const;

/** A table whose rows are chained. */
export type ChainedTable = keyof typeof TABLES;

/** One chained row: its chain, position and hash, its instant, and its sealed fields as text in hashing order. */
export interface ChainEntry {
  chain: string;
  id: string;
  seq: number | null;
  hash: string | null;
  at: Date;
  fields: (string | null)[];
}

/** Where a chain's head stands. */
export interface ChainHead {
  chain: string;
  seq: number;
  hash: string;
}

/** A head as a digest committed to it. */
export interface DigestHead extends ChainHead {
  digestId: string;
}

/** A stored digest, as the verifier links them. */
export interface StoredDigest {
  id: string;
  day: string;
  prevHash: string;
  entries: number;
  hash: string;
}

/** A digest as published. */
export interface PublishedDigest {
  day: string;
  hash: string;
  made_at: Date;
  chains: number;
  entries: number;
}

// A case's two chains, `$1` being its id.
const CASE_CHAINS = `chain IN ('case_events:' || $1, 'identity_views:' || $1)`;

/** Rows of `table` in the given cases (or every case, or the admin chain), chain by chain, in chain order. */
export function listChainEntries(db: Queryable, table: ChainedTable, caseIds: readonly string[] | null): Promise<ChainEntry[]> {
  const spec = TABLES[table];
  const chainKey = table === 'admin_changes' ? `'admin_changes'` : `'${spec.chainPrefix}' || case_id::text`;
  const where = caseIds ? 'WHERE case_id = ANY($1::uuid[])' : '';
  // Qualified: a bare \`id\` would sort by the text column of the same name selected below.
  const order = table === 'admin_changes' ? `chain_seq NULLS FIRST, ${table}.id` : `case_id, chain_seq NULLS FIRST, ${table}.id`;
  return db.query<ChainEntry>(
    `SELECT ${chainKey} AS chain, id::text AS id, chain_seq AS seq, chain_hash AS hash, ${spec.at} AS at, ARRAY[${spec.fields}] AS fields
     FROM ${table} ${where} ORDER BY ${order}`,
    caseIds ? [caseIds] : [],
  );
}

/** Every chain's head, or with `caseId` those of that case's two chains. */
export function listChainHeads(db: Queryable, caseId: string | null): Promise<ChainHead[]> {
  return caseId
    ? db.query<ChainHead>(`SELECT chain, seq, hash FROM audit_chain_heads WHERE ${CASE_CHAINS}`, [caseId])
    : db.query<ChainHead>('SELECT chain, seq, hash FROM audit_chain_heads');
}

/** Every stored digest, oldest first. */
export function listStoredDigests(db: Queryable): Promise<StoredDigest[]> {
  return db.query<StoredDigest>('SELECT id::text AS id, day, prev_hash AS "prevHash", entries, hash FROM audit_digests ORDER BY id');
}

/** The heads every digest committed to, or with `caseId` those of that case's two chains, by digest. */
export function listDigestHeads(db: Queryable, caseId: string | null): Promise<DigestHead[]> {
  return caseId
    ? db.query<DigestHead>(`SELECT digest_id::text AS "digestId", chain, seq, hash FROM audit_digest_heads WHERE ${CASE_CHAINS} ORDER BY digest_id`, [caseId])
    : db.query<DigestHead>('SELECT digest_id::text AS "digestId", chain, seq, hash FROM audit_digest_heads');
}

/** Makes the digest of `day` at `now` unless it exists (SQL `audit_publish_digest`); returns that day's digest. */
export function publishDigest(db: Queryable, day: string, now: Date): Promise<PublishedDigest> {
  return db.one<PublishedDigest>('SELECT day, hash, made_at, chains, entries FROM audit_publish_digest($1, $2)', [day, now]);
}

/** The latest `limit` digests, newest first. */
export function listLatestDigests(db: Queryable, limit: number): Promise<PublishedDigest[]> {
  return db.query<PublishedDigest>('SELECT day, hash, made_at, chains, entries FROM audit_digests ORDER BY id DESC LIMIT $1', [limit]);
}
