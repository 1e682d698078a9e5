/**
 * Shapes of what the HTTP API sends and receives, shared by server presenters and the client.
 * Presenters on the server are the only producers of these objects.
 */
import type { CaseAction, CaseStatus } from '../caseLifecycle';
import type { Language, Role } from '../roles';
import type { DeadlineBadgeDto } from './deadlines';
import type { SpokenHelpDto } from '../spokenHelp';
import type { MechanismLanguageDto } from '../languages';

/** Every error response: a stable machine code, a message already translated to the caller's language. */
export interface ErrorBody {
  error: {
    /** Stable identifier, e.g. `validation_failed`, `not_found`, `invalid_credentials`. */
    code: string;
    message: string;
    /** Per-field problems for validation errors; `field` is a dotted path into the request body. */
    fields?: { field: string; message: string }[];
  };
}

/** `GET /api/health/ready`: whether a load balancer should send this server requests (503 when not). */
export interface ReadinessDto {
  ready: boolean;
  database: 'up' | 'down';
  /** True once the server began shutting down. */
  draining: boolean;
}

/** The person behind the current session, as they may see themselves. */
export interface SessionUser {
  id: string;
  role: Role;
  displayName: string;
  /** Null for complainants who signed up with a phone number. */
  email: string | null;
  language: Language;
  mechanismId: string;
  /** Set for liaisons only: the company they answer for. */
  company: { id: string; name: string } | null;
}

/** Answer of `GET /api/session`: who is logged in (or nobody) and the CSRF token for writes. */
export interface SessionInfo {
  user: SessionUser | null;
  csrfToken: string;
}

/** Body of `POST /api/session` (log in). */
export interface LoginRequest {
  email: string;
  password: string;
}

/** A mining company taking part in a mechanism. */
export interface CompanyDto {
  id: string;
  name: string;
  slug: string;
}

/** A complaint category, with an icon name the client maps to a pictogram. */
export interface CategoryDto {
  id: string;
  code: string;
  icon: string;
  /** Name and plain-language description in the caller's language. */
  name: string;
  description: string;
  /**
   * A safety topic: a complaint about it is seen first by the ombudsman alone, and by the company only
   * once the ombudsman releases it (the receipt says so).
   */
  redFlag: boolean;
}

/** A rural subdivision of a municipality (vereda or corregimiento). */
export interface VeredaDto {
  id: string;
  name: string;
  kind: 'vereda' | 'corregimiento';
}

/** A municipality of the mechanism's region, with its veredas and corregimientos. */
export interface MunicipalityDto {
  id: string;
  name: string;
  daneCode: string;
  veredas: VeredaDto[];
}

/** Answer of `GET /api/mechanism`: what a form or filter needs to know about the mechanism. */
export interface MechanismDto {
  id: string;
  name: string;
  region: string;
  referencePrefix: string;
  companies: CompanyDto[];
  categories: CategoryDto[];
  municipalities: MunicipalityDto[];
  /** The intake's spoken help in the caller's language: each clip key with its address (issue #14 §6). */
  spokenHelp: SpokenHelpDto;
  /** The languages it offers, Spanish first, in the order its language switch shows them (issue #14 §7). */
  languages: MechanismLanguageDto[];
}

/** How much of the complainant's identity the reader may know. */
export type IdentityMode = 'named' | 'confidential' | 'anonymous';

/** One row of a case queue, already stripped of whatever the reader may not see. */
export interface CaseSummaryDto {
  id: string;
  reference: string;
  status: CaseStatus;
  company: { id: string; name: string } | null;
  categories: { code: string; icon: string; name: string }[];
  municipality: string;
  identityMode: IdentityMode;
  /**
   * What the reader may call the complainant: a name for named cases (and for the ombudsman),
   * otherwise null and the client shows "Peticionario reservado" / "Anónimo".
   */
  complainantName: string | null;
  isCollective: boolean;
  redFlag: boolean;
  /** Filed in this language (not Spanish): the Defensoría arranges an interpreter (Decreto 1166 de 2016). */
  interpreterLanguage: string | null;
  escalationLevel: number;
  /** First words of what happened, for the queue. */
  summary: string;
  createdAt: string;
  updatedAt: string;
  /** Status actions the reader may take now, computed by the server. */
  allowedActions: CaseAction[];
  /** Thread entries the reader may see, did not write and has not read; 0 outside queues. */
  unreadCount: number;
  /** The most urgent open deadline (countdown badge), or null when nothing is running. */
  deadline: DeadlineBadgeDto | null;
}

/** Answer of `GET /api/cases`. */
export interface CaseListDto {
  cases: CaseSummaryDto[];
  total: number;
}

/** Answer of `GET /api/admin/overview`: what the admin's first screen shows (no case contents). */
export interface AdminOverviewDto {
  mechanism: { id: string; name: string; referencePrefix: string };
  companies: (CompanyDto & { liaisons: number; cases: number })[];
  users: { id: string; displayName: string; email: string; role: Role; company: string | null; active: boolean }[];
  casesByStatus: Partial<Record<CaseStatus, number>>;
  /** E-mails given up for good in every mechanism the admin manages (the `/admin/correos` screen). */
  failedEmails: number;
}
