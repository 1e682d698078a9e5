/** What the tamper-evident record (docs/audit.md) shows: the published digests and a case's verification. */

/** One daily digest of the record: publishing its hash lets anyone who kept it prove a later rewrite. */
export interface AuditDigestDto {
  /** The Bogota day it was made for (YYYY-MM-DD). */
  day: string;
  /** SHA-256, hex: commits to every chain head and to the digest before it. */
  hash: string;
  madeAt: string;
  /** Entries in all chains by then. */
  entries: number;
}

/** The published digests, newest first. */
export interface AuditDigestListDto {
  digests: AuditDigestDto[];
}

/** What the ombudsman's audit page says of a case's record. */
export type AuditVerificationDto =
  { ok: true; verifiedThrough: string | null } | { ok: false; table: string; seq: number; problem: 'altered' | 'missing' | 'unexpected' | 'digest' };
