/**
 * The figures of the administrator's first screen (`GET /api/admin/overview`): a mechanism's companies
 * with their liaisons and cases, its staff, and its cases by status. Never case contents.
 */
import type { Queryable } from '../db/database';
import type { CaseStatus } from '../../shared/caseLifecycle';
import type { Role } from '../../shared/roles';
import type { FieldCipher } from '../crypto/fieldCipher';
import { openUserFields } from './users';

/** A company of the overview, with its active liaisons and all its cases. */
export interface OverviewCompany {
  id: string;
  name: string;
  slug: string;
  liaisons: number;
  cases: number;
}

/** A staff member of the overview (names and addresses opened). */
export interface OverviewUser {
  id: string;
  displayName: string;
  email: string;
  role: Role;
  company: string | null;
  active: boolean;
}

/** Every company of a mechanism by name, with how many active liaisons and cases each has. */
export function overviewCompanies(db: Queryable, mechanismId: string): Promise<OverviewCompany[]> {
  return db.query<OverviewCompany>(
    `SELECT co.id, co.name, co.slug,
            (SELECT count(*) FROM users u WHERE u.company_id = co.id AND u.active) AS liaisons,
            (SELECT count(*) FROM cases c WHERE c.company_id = co.id) AS cases
     FROM companies co WHERE co.mechanism_id = $1 ORDER BY co.name`,
    [mechanismId],
  );
}

/** Everyone of a mechanism but its complainants, by role then name. */
export async function overviewUsers(db: Queryable, cipher: FieldCipher, mechanismId: string): Promise<OverviewUser[]> {
  const rows = await db.query<OverviewUser>(
    `SELECT u.id, u.name_ciphertext AS "displayName", u.email_ciphertext AS email, u.role, co.name AS company, u.active
     FROM users u LEFT JOIN companies co ON co.id = u.company_id
     WHERE u.mechanism_id = $1 AND u.role <> 'complainant'`,
    [mechanismId],
  );
  // Names are ciphertext in the database: opened and sorted here, by role then name.
  return rows
    .map((row) => openUserFields(cipher, row))
    .sort((a, b) => (a.role === b.role ? a.displayName.localeCompare(b.displayName, 'es') : a.role < b.role ? -1 : 1));
}

/** How many cases of a mechanism are in each status (statuses without cases left out). */
export async function casesByStatus(db: Queryable, mechanismId: string): Promise<Partial<Record<CaseStatus, number>>> {
  const counts = await db.query<{ status: CaseStatus; count: number }>('SELECT status, count(*) AS count FROM cases WHERE mechanism_id = $1 GROUP BY status', [
    mechanismId,
  ]);
  return Object.fromEntries(counts.map((c) => [c.status, c.count]));
}
