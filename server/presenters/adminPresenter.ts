/** How configuration and staff leave the server for the admin screens (no case contents, ever). */
import type { AdminMechanismDto, AdminUserDto, DataPolicyDto } from '../../shared/types/admin';
import type { AdminUserRow } from '../repositories/accounts';

/** A staff member for the people screen. */
export function presentStaff(row: AdminUserRow): AdminUserDto {
  return {
    id: row.id,
    displayName: row.displayName,
    email: row.email,
    role: row.role,
    company: row.companyId && row.companyName ? { id: row.companyId, name: row.companyName } : null,
    language: row.language,
    status: row.status,
    extraMechanismIds: row.extraMechanismIds,
    homeMechanism: { id: row.mechanismId, name: row.mechanismName },
    lastLoginAt: row.lastLoginAt ? row.lastLoginAt.toISOString() : null,
  };
}

/** A mechanism for the admin. */
export function presentMechanism(row: Omit<AdminMechanismDto, 'createdAt'> & { createdAt: Date }): AdminMechanismDto {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** A data-policy version. */
export function presentDataPolicy(row: Omit<DataPolicyDto, 'publishedAt'> & { publishedAt: Date }): DataPolicyDto {
  return { ...row, publishedAt: row.publishedAt.toISOString() };
}
