import { packPushes, unpackPushes, type Push } from './realtime';
import type { NotificationDto } from '../../shared/types/notifications';

/** A notice as a filing pushes it to one liaison. */
function notice(id: number, userId: string, caseId: string, data: Record<string, unknown>): Push {
  const notification: NotificationDto = { id, caseId, kind: 'new_case', data, createdAt: '2026-12-07T18:00:00.000Z', read: false };
  return { rooms: [`user:${userId}`], event: 'notifications.new', payload: notification };
}

describe('Pushes packed for a relay to the other app servers', () => {
  it('When a batch of filings pushes each case and its liaisons’ notices, Then the relay packs only the notices that differ in nothing but their id, and unpacks to the same pushes in order', () => {
    const pushes: Push[] = [
      { rooms: ['mechanism:m:ombudsman', 'company:c'], event: 'cases.changed', payload: { caseId: 'a', reference: 'P-2026-1', status: 'received' } },
      notice(1, 'l1', 'a', { reference: 'P-2026-1' }),
      notice(2, 'l2', 'a', { reference: 'P-2026-1' }),
      { rooms: ['mechanism:m:ombudsman', 'company:c'], event: 'cases.changed', payload: { caseId: 'b', reference: 'P-2026-2', status: 'received' } },
      notice(3, 'l1', 'b', { reference: 'P-2026-2' }),
      // Same case and kind, but other data: a notice of its own, never the first one's data with this id.
      notice(4, 'l2', 'b', { reference: 'P-2026-2', extra: { nested: 1 } }),
      notice(5, 'l3', 'b', { reference: 'P-2026-2', extra: { nested: 1 } }),
      notice(6, 'l4', 'b', { reference: 'P-2026-2', extra: { nested: 2 } }),
    ];
    const packed = packPushes(pushes);
    expect(packed.map((p) => ('each' in p ? p.each.map(([, id]) => id) : p.event))).toEqual(['cases.changed', [1, 2], 'cases.changed', [3], [4, 5], [6]]);
    expect(unpackPushes(JSON.parse(JSON.stringify(packed)) as typeof packed)).toEqual(pushes);
  });
});
