/** Companies as commands check them (admin listings and edits live in adminConfig.ts). */
import type { Queryable } from '../db/database';

/** The name of company `id` when it belongs to `mechanismId` and is active; undefined otherwise. */
export async function findActiveCompanyName(db: Queryable, mechanismId: string, id: string): Promise<string | undefined> {
  const row = await db.maybeOne<{ name: string }>('SELECT name FROM companies WHERE id = $1 AND mechanism_id = $2 AND active', [id, mechanismId]);
  return row?.name;
}

/** Whether a company is linked to the Netherlands or financed by the IFC (the remedies a case is offered depend on it). */
export function findCompanyRemedyLinks(db: Queryable, id: string): Promise<{ dutchLinked: boolean; ifcFinanced: boolean } | undefined> {
  return db.maybeOne('SELECT dutch_linked AS "dutchLinked", ifc_financed AS "ifcFinanced" FROM companies WHERE id = $1', [id]);
}
