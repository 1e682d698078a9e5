/**
 * The one way a route reads a row id from its path: a UUID (or, for the tables numbered by a sequence,
 * a positive integer), or the same 404 as a missing row, so a malformed id tells nothing a missing one
 * does not (and never reaches SQL as an invalid uuid or bigint).
 */
import { z } from 'zod';
import { NotFound } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID as the database stores ids. */
export function isPathId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The UUID in a path parameter, or NotFound. */
export function pathId(value: unknown): string {
  if (!isPathId(value)) throw new NotFound();
  return value;
}

const SERIAL = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The id of a row numbered by a sequence (a meeting, a reveal request, an outbox entry) in a path parameter, or NotFound. */
export function pathSerial(value: unknown): number {
  const parsed = SERIAL.safeParse(value);
  if (!parsed.success) throw new NotFound();
  return parsed.data;
}
