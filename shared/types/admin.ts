/** API shapes of the administration screens (`/api/admin/...`): configuration and people, no cases. */
import type { Language, Role } from '../roles';
import type { MapPosition } from './oversight';

/** A `{ es, en }` text kept as is so the admin edits both languages. */
export interface LocalizedText {
  es: string;
  en: string;
}

/** A mechanism the admin manages. */
export interface AdminMechanismDto {
  id: string;
  slug: string;
  name: string;
  region: string;
  referencePrefix: string;
  createdAt: string;
}

/** A company as the admin sees it (inactive ones included). */
export interface AdminCompanyDto {
  id: string;
  name: string;
  slug: string;
  active: boolean;
  liaisons: number;
  /** Linked to the Netherlands: its cases may go to the Dutch National Contact Point. */
  dutchLinked: boolean;
  /** Its project is financed by the IFC: its cases may go to the CAO. */
  ifcFinanced: boolean;
}

/** A category as the admin edits it. */
export interface AdminCategoryDto {
  id: string;
  code: string;
  icon: string;
  name: LocalizedText;
  description: LocalizedText;
  redFlag: boolean;
  position: number;
  active: boolean;
}

/** A vereda or corregimiento as the admin edits it. */
export interface AdminVeredaDto {
  id: string;
  name: string;
  kind: 'vereda' | 'corregimiento';
  active: boolean;
}

/** A municipality with every vereda and corregimiento, active or not. */
export interface AdminMunicipalityDto {
  id: string;
  name: string;
  daneCode: string;
  active: boolean;
  /** Its square on the oversight map; null when it is listed beside the map instead. */
  mapPosition: MapPosition | null;
  /** Where the open-data feed places its cases (its head town); null when not set. */
  centre: { latitude: number; longitude: number } | null;
  veredas: AdminVeredaDto[];
}

/** One version of the data-policy text. */
export interface DataPolicyDto {
  /** `<year>-<nn>`, e.g. `2026-02`; consent records this name. */
  version: string;
  text: LocalizedText;
  publishedAt: string;
}

/** Whether a person can log in: invited (no password yet), active, or deactivated. */
export type AccountStatus = 'invited' | 'active' | 'inactive';

/** A person of the mechanism as the admin sees them. */
export interface AdminUserDto {
  id: string;
  displayName: string;
  email: string | null;
  role: Role;
  company: { id: string; name: string } | null;
  language: Language;
  status: AccountStatus;
  /** Other mechanisms an ombudsman officer may act in (ids). */
  extraMechanismIds: string[];
  /**
   * The mechanism the person belongs to. When it is not the one listed, they appear through a grant:
   * only an admin of their own mechanism changes their account.
   */
  homeMechanism: { id: string; name: string };
  lastLoginAt: string | null;
}

/** Body of `POST /api/admin/mechanisms/:id/invitations`. */
export interface InvitationRequest {
  email: string;
  displayName: string;
  role: 'liaison' | 'ombudsman' | 'admin';
  companyId?: string;
  language?: Language;
}

/** Answer of an invitation: the person (in status `invited`) and when the link expires. */
export interface InvitationSent {
  user: AdminUserDto;
  expiresAt: string;
}

/** Answer of `POST /api/admin/mechanisms/:id/recovery-links`: shown once, to hand over in person. */
export interface RecoveryLinkDto {
  /** The account's name, so the admin can check it against the person in front of them. */
  displayName: string;
  /** The whole address to open (PUBLIC_URL + /restablecer/<token>). */
  link: string;
  expiresAt: string;
}

/** One spoken-help clip of a mechanism in a language, as the admin sees it. */
export interface AdminClipDto {
  /** `step.what`, `identity.anonymous`, `category.water`, `receipt`, … (shared/spokenHelp.ts). */
  key: string;
  /** What the recording should say, in the admin's language. */
  text: string;
  /** The current recording; null while the key has none. */
  recording: { mime: string; size: number; updatedAt: string; url: string } | null;
}

/** Answer of `GET /api/admin/mechanisms/:mechanismId/clips?language=`: every clip key, and those still without a recording. */
export interface AdminClipListDto {
  language: string;
  clips: AdminClipDto[];
  missing: string[];
}
