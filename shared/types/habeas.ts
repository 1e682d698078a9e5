/** Shapes of the habeas data API (`/api/habeas/*`, docs/habeas-data.md). */
import type { HabeasOutcome, HabeasProcedure, HabeasRequestKind } from '../habeas';

/** A request as its requester and the staff see it. */
export interface HabeasRequestDto {
  id: string;
  kind: HabeasRequestKind;
  procedure: HabeasProcedure;
  /** The case it concerns (a receipt-key holder's case, or the one an account holder chose). */
  caseReference: string | null;
  /** What the person wrote; null once their identity was redacted. */
  details: string | null;
  receivedOn: string;
  /** The due date now in force: the first term, or the announced extension. */
  dueOn: string;
  firstDueOn: string;
  extension: { dueOn: string; reason: string; at: string } | null;
  /** The latest date an extension may announce (staff only use it). */
  latestExtendedOn: string;
  status: 'open' | 'answered';
  outcome: HabeasOutcome | null;
  answer: string | null;
  answeredAt: string | null;
  /** A granted correction: which identity fields it changed (`name`, `documentId`, `phone`, `email`). */
  correctedFields: string[];
  /** Staff queue only: who asked, as a role ("account" or "receipt key"), never a name. */
  requester?: 'account' | 'receipt_key';
  /** Staff queue only: business days left until dueOn (negative when late). */
  businessDaysLeft?: number;
}

/** Body of `POST /api/habeas/requests`. */
export interface HabeasRequestInput {
  kind: HabeasRequestKind;
  details: string;
  /** Optional: the reference of one of the person's cases the request is about. */
  caseReference?: string;
}
