/**
 * Turns a unique-constraint violation into the 400 a form can show beside the right field ("this code
 * is already used"), so two admins racing on the same name get a clear answer and nothing half-done.
 */
import { isUniqueViolation } from '../db/database';
import { ValidationFailed } from '../errors';

/** Constraint name → [field, errors: key]. */
export type UniqueFields = Record<string, readonly [field: string, messageKey: string]>;

/** Rethrows `err` as ValidationFailed when it violates one of `fields`' constraints, else as is. */
export function rethrowUnique(err: unknown, fields: UniqueFields): never {
  for (const [constraint, [field, messageKey]] of Object.entries(fields)) {
    if (isUniqueViolation(err, constraint)) throw new ValidationFailed([{ field, messageKey }]);
  }
  throw err;
}

/** Runs `work`, translating the unique violations named in `fields`. */
export async function withUniqueFields<T>(fields: UniqueFields, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    return rethrowUnique(err, fields);
  }
}
