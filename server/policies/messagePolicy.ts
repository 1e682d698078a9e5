/**
 * Who may read and write which thread entries, from DESIGN.md (Dialogue):
 * - `parties`: the complainant's side, the company and the ombudsman;
 * - `ombudsman_private`: the complainant's side and the ombudsman only, never the company (fear of retaliation);
 * - `internal`: only the author's own organisation (one company's liaisons, or the ombudsman's officers).
 * Access to the case itself comes first, from casePolicy; this file only narrows it.
 */
import { isOpenStatus } from '../../shared/caseLifecycle';
import type { MessageVisibility } from '../../shared/types/dialogue';
import { sideInScope, sideOf, type CaseAccessFacts, type CaseActor, type CaseSide } from './casePolicy';
import type { UserRecord } from '../repositories/users';
import { audibleCompany } from './caseAudience';
import { sql, type SqlFragment } from '../db/sql';

/** The organisation whose internal notes an actor reads and writes: `company:<id>` or `ombudsman`. */
export type InternalOrg = string;

/** Where a reader stands: their side and, for sides with internal notes, their organisation. */
export interface ReaderView {
  side: CaseSide;
  org: InternalOrg | null;
}

/** Which visibilities each side may write with. */
const WRITABLE: Record<CaseSide, readonly MessageVisibility[]> = {
  complainant: ['parties', 'ombudsman_private'],
  company: ['parties', 'internal'],
  ombudsman: ['parties', 'ombudsman_private', 'internal'],
};

function orgOf(side: CaseSide, companyId: string | null): InternalOrg | null {
  if (side === 'ombudsman') return 'ombudsman';
  if (side === 'company' && companyId) return `company:${companyId}`;
  return null;
}

/** The reader's view of one case, or null when they may not see it. */
export function readerViewOf(actor: CaseActor, c: CaseAccessFacts): ReaderView | null {
  const side = sideOf(actor, c);
  return side ? { side, org: orgOf(side, c.companyId) } : null;
}

/** Visibilities `actor` may post with in this case now (none once the case is closed). */
export function writableVisibilities(actor: CaseActor, c: CaseAccessFacts): MessageVisibility[] {
  const side = sideOf(actor, c);
  if (!side || !isOpenStatus(c.status)) return [];
  return [...WRITABLE[side]];
}

/** Whether `actor`'s side may ever write with `visibility` (the status aside). */
export function mayWriteVisibility(actor: CaseActor, c: CaseAccessFacts, visibility: MessageVisibility): boolean {
  const side = sideOf(actor, c);
  return side !== null && WRITABLE[side].includes(visibility);
}

/** The organisation an internal note by `actor` belongs to. */
export function internalOrgFor(actor: CaseActor, c: CaseAccessFacts): InternalOrg | null {
  const view = readerViewOf(actor, c);
  return view?.org ?? null;
}

/** Whether a reader standing at `view` may read an entry with this visibility. */
export function canReadEntry(view: ReaderView, entry: { visibility: MessageVisibility; internalOrg: string | null }): boolean {
  switch (entry.visibility) {
    case 'parties':
      return true;
    case 'ombudsman_private':
      return view.side !== 'company';
    case 'internal':
      return view.org !== null && view.org === entry.internalOrg;
  }
}

/**
 * The same rule as canReadEntry as a SQL condition over the messages alias `m`, for every case in the
 * actor's scope (queues' unread counts and thread reads).
 */
export function visibleEntriesSql(actor: CaseActor): SqlFragment {
  const side = sideInScope(actor);
  switch (side) {
    case 'complainant':
      return sql`m.visibility IN ('parties', 'ombudsman_private')`;
    case 'company':
      return sql`(m.visibility = 'parties' OR (m.visibility = 'internal' AND m.internal_org = ${`company:${(actor as UserRecord).companyId}`}))`;
    case 'ombudsman':
      return sql`(m.visibility IN ('parties', 'ombudsman_private') OR (m.visibility = 'internal' AND m.internal_org = 'ombudsman'))`;
    case null:
      return sql`false`;
  }
}

/** One group of people an entry is pushed to live: a side, and for the company side which company. */
export interface Audience {
  side: CaseSide;
  companyId: string | null;
}

/**
 * Who hears a new entry live, from the case as it is now: the company only while it may hear of the case
 * (caseAudience.audibleCompany: not withheld by a red flag), whatever rooms its sockets joined earlier.
 */
export function audiencesOf(entry: { visibility: MessageVisibility; internalOrg: string | null }, c: CaseAccessFacts): Audience[] {
  const companyId = audibleCompany(c);
  const company: Audience[] = companyId !== null ? [{ side: 'company', companyId }] : [];
  switch (entry.visibility) {
    case 'parties':
      return [{ side: 'complainant', companyId: null }, { side: 'ombudsman', companyId: null }, ...company];
    case 'ombudsman_private':
      return [
        { side: 'complainant', companyId: null },
        { side: 'ombudsman', companyId: null },
      ];
    case 'internal':
      if (entry.internalOrg === 'ombudsman') return [{ side: 'ombudsman', companyId: null }];
      return company.filter((a) => entry.internalOrg === `company:${a.companyId}`);
  }
}

/** The view of everyone in an audience, for presenting an entry to them. */
export function viewOfAudience(audience: Audience): ReaderView {
  return { side: audience.side, org: orgOf(audience.side, audience.companyId) };
}

/** The facts about a file that decide who may open it. */
export interface FileFacts {
  purpose: 'case' | 'message' | 'evidence';
  messageId: number | null;
  commitmentId: number | null;
}

/**
 * Whether a reader at `view` (who may see the case) may open a file: the complaint's own files with the
 * case, a message's files only with the message (an internal note's photo stays internal), evidence
 * once reported (commitments are seen by every party); files not yet sent, by nobody.
 */
export function canReadFile(view: ReaderView, file: FileFacts, entry: { visibility: MessageVisibility; internalOrg: string | null } | undefined): boolean {
  switch (file.purpose) {
    case 'case':
      return true;
    case 'message':
      return file.messageId !== null && entry !== undefined && canReadEntry(view, entry);
    case 'evidence':
      return file.commitmentId !== null;
  }
}
