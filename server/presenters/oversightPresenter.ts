/** The only way a case's audit trail leaves the server (to the ombudsman). */
import type { AuditEventDto, IdentityViewDto } from '../../shared/types/oversight';
import type { Role } from '../../shared/roles';
import type { caseEventsWithActors } from '../repositories/oversight';
import type { listIdentityViews } from '../repositories/identityViews';

const STAFF: readonly string[] = ['liaison', 'ombudsman', 'admin'] satisfies Role[];

/**
 * One history entry. Staff act under their name; community members (complainant, facilitator, an
 * anonymous person) appear by role only, so the trail never repeats an identity the case protects.
 */
export function presentAuditEvent(row: Awaited<ReturnType<typeof caseEventsWithActors>>[number]): AuditEventDto {
  return {
    id: row.id,
    kind: row.kind,
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    actorName: STAFF.includes(row.actorRole) ? row.actorName : null,
    actorRole: row.actorRole,
    reason: row.reason,
    data: row.data,
    at: row.createdAt.toISOString(),
  };
}

/** One logged look at a protected identity. */
export function presentIdentityView(row: Awaited<ReturnType<typeof listIdentityViews>>[number]): IdentityViewDto {
  return {
    id: row.id,
    viewerName: row.viewerName,
    viewerRole: row.viewerRole,
    purpose: row.purpose,
    at: row.viewedAt.toISOString(),
    reason: row.reason,
    approvedBy: row.approvedBy,
  };
}
