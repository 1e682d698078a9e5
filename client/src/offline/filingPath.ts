/** Where a queued complaint is filed. */
import type { QueuedComplaint } from './queueTypes';

/** The path of `POST /api/complaints` for a queued complaint (a visitor's public page may name its mechanism). */
export function filingPath(item: Pick<QueuedComplaint, 'mechanismSlug'>): string {
  return item.mechanismSlug ? `/api/complaints?mechanism=${encodeURIComponent(item.mechanismSlug)}` : '/api/complaints';
}
