/**
 * The `after` cursor of `GET /api/oversight/cases`: where the previous page ended, as an opaque string
 * the client sends back unchanged. Inside it is the last case's place in the list's order (see
 * ListPosition); a cursor this server did not write is a 400 naming `after`, never a wrong page.
 */
import { ValidationFailed } from '../../errors';
import type { ListPosition } from '../../repositories/oversightList';

const INSIDE = /^([0-2])~([01])~([01])~(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)~([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The cursor that continues the list after the case at `position`. */
export function encodeListCursor(position: ListPosition): string {
  const { escalationLevel, redFlag, isOpen, filedAt, caseId } = position;
  return Buffer.from(`${escalationLevel}~${redFlag ? 1 : 0}~${isOpen ? 1 : 0}~${filedAt}~${caseId}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or a 400 on `after` when it is not one this server wrote. */
export function decodeListCursor(cursor: string): ListPosition {
  const inside = INSIDE.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const time = inside ? Date.parse(inside[4]!) : NaN;
  // A real instant only (Date would quietly turn 30 February into 2 March), and only the exact text
  // this server wrote: base64url decoding skips stray characters.
  if (inside && !Number.isNaN(time) && new Date(time).toISOString().slice(0, 23) === inside[4]!.slice(0, 23)) {
    const position = { escalationLevel: Number(inside[1]), redFlag: inside[2] === '1', isOpen: inside[3] === '1', filedAt: inside[4]!, caseId: inside[5]! };
    if (encodeListCursor(position) === cursor) return position;
  }
  throw new ValidationFailed([{ field: 'after', messageKey: 'validation.invalid_value' }]);
}
