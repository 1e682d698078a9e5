/**
 * The `before` cursor of `GET /api/admin/outbox`: where the previous page ended, as an opaque string the
 * client sends back unchanged. Inside it is the last row's creation time to the microsecond and its id
 * (see OutboxPosition); a client that builds or edits one gets a 400 naming `before`, never a wrong page.
 */
import { z } from 'zod';
import type { OutboxPosition } from '../../repositories/outbox';

const TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\d{3}Z$/;
const INSIDE = /^([^~]+)~([1-9]\d{0,15})$/;

/** The cursor that continues the list after the row at `position`. */
export function encodeOutboxCursor(position: OutboxPosition): string {
  return Buffer.from(`${position.createdAt}~${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or null when it is not one this server wrote. */
function decodeOutboxCursor(cursor: string): OutboxPosition | null {
  const inside = INSIDE.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!inside) return null;
  const [, createdAt, idText] = inside as unknown as [string, string, string];
  const id = Number(idText);
  const time = TIME.exec(createdAt);
  if (!time || !Number.isSafeInteger(id)) return null;
  // A real instant only: Date would quietly turn 30 February into 2 March.
  const ms = Date.parse(`${time[1]}Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 23) !== time[1]) return null;
  const position = { createdAt, id };
  // base64url decoding skips stray characters; only the exact text this server wrote is accepted.
  return encodeOutboxCursor(position) === cursor ? position : null;
}

/** Query field: a cursor from a previous answer's `nextCursor`, parsed into a position. */
export const outboxCursorField = z
  .string()
  .max(200)
  .transform((cursor, ctx) => {
    const position = decodeOutboxCursor(cursor);
    if (position) return position;
    ctx.addIssue({ code: 'custom', message: 'validation.invalid_value', input: cursor });
    return z.NEVER;
  })
  .meta({ description: 'The nextCursor of the previous page: the page of older e-mails that follows it.' });
