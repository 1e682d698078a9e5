/**
 * "Corregir y enviar de nuevo": a complaint the server refused goes back into the form with its files,
 * its receipt (the person may already hold the slip) and, in field mode, its time of receipt.
 */
import { readQueuedFiles } from './queueStore';
import type { QueuedComplaint } from './queueTypes';
import { handBackFiles } from './restoredFiles';
import { forgetQueued } from './sendQueue';

/** Puts `item`'s draft back as the form's draft (via `saveDraft`) with its files, and forgets the queued copy. */
export async function sendBackToForm(item: QueuedComplaint, saveDraft: (draft: Record<string, unknown>) => void): Promise<void> {
  if (!item.draft) return;
  const stored = await readQueuedFiles(item.id);
  handBackFiles(
    item.files.flatMap((f) => {
      const bytes = stored.find((s) => s.id === f.id);
      if (!bytes) return [];
      const file = bytes.blob instanceof File ? bytes.blob : new File([bytes.blob], bytes.name, { type: bytes.type });
      return [{ key: f.id, file, thumbprint: Boolean(f.thumbprint) }];
    }),
  );
  const receipt = item.body?.deviceReceipt ?? null;
  const interview = item.body?.fieldInterview as { receivedAt?: string } | undefined;
  saveDraft({ ...item.draft, step: 'review', deviceReceipt: receipt, fieldReceivedAt: interview?.receivedAt ?? '' });
  await forgetQueued(item.id);
}
