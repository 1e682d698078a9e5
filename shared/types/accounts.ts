/** API shapes for people's own accounts: invitations, password reset, sign-up, profile, claims. */
import type { Language, Role } from '../roles';

/** The kinds of e-mail a person may choose to receive (every one defaults to on). */
export const EMAIL_KINDS = ['new_case', 'message', 'deadline_reminder', 'escalation', 'agreement', 'commitment_due'] as const;

/** One kind of notification e-mail. */
export type EmailKind = (typeof EMAIL_KINDS)[number];

/**
 * The kinds of e-mail that can reach a person of `role` (server/notifications/notifier.ts and the deadline
 * notices decide who hears what): only a company's liaisons are told of a new case to take on, and an
 * admin is sent none. The profile offers a switch only for these.
 */
export function emailKindsFor(role: Role): readonly EmailKind[] {
  if (role === 'admin') return [];
  return role === 'liaison' ? EMAIL_KINDS : EMAIL_KINDS.filter((kind) => kind !== 'new_case');
}

/** Which e-mails a person wants, per kind. */
export type EmailPreferences = Record<EmailKind, boolean>;

/** Answer of `GET /api/invitations/:token`: what the acceptance page shows before a password is set. */
export interface InvitationDto {
  email: string;
  displayName: string;
  role: Role;
  mechanismName: string;
  companyName: string | null;
  language: Language;
}

/** Body of `POST /api/invitations/:token/accept`. */
export interface AcceptInvitationRequest {
  displayName: string;
  password: string;
}

/** Answer of `POST /api/password-reset`: identical whether the address has an account or not. */
export interface PasswordResetRequested {
  accepted: true;
}

/** Body of `POST /api/accounts` (complainant sign-up): an e-mail or a phone number, not both needed. */
export interface SignUpRequest {
  displayName: string;
  email?: string;
  phone?: string;
  password: string;
  language?: Language;
}

/** Answer of `GET /api/me` and `PUT /api/me`: the person's own profile. */
export interface ProfileDto {
  id: string;
  role: Role;
  displayName: string;
  email: string | null;
  phone: string | null;
  language: Language;
  emailPreferences: EmailPreferences;
}

/** Body of `PUT /api/me`. */
export interface ProfileUpdateRequest {
  displayName?: string;
  language?: Language;
  emailPreferences?: Partial<EmailPreferences>;
}

/** Body of `POST /api/me/password`. */
export interface PasswordChangeRequest {
  current: string;
  next: string;
}

/** Body of `POST /api/me/claims`: the public reference and secret receipt key of an anonymous case. */
export interface ClaimRequest {
  reference: string;
  receiptKey: string;
}

/** Answer of `POST /api/me/claims`. */
export interface ClaimResult {
  caseId: string;
  reference: string;
}
