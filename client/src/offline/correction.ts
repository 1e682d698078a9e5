/**
 * "Corregir y enviar de nuevo": a complaint the server refused goes back into the form with its files,
 * its receipt (the person may already hold the slip) and, in field mode, its time of receipt.
 */
import { readQueuedFiles } from './queueStore';
import type { QueuedComplaint } from './queueTypes';

/** A file handed back to the form. */
export interface RestoredFile {
  key: string;
  file: File;
  thumbprint: boolean;
}

let handoff: RestoredFile[] = [];

/** Puts `item`'s draft back as the form's draft (via `saveDraft`) with its files, and forgets the queued copy. */
export async function sendBackToForm(item: QueuedComplaint, saveDraft: (draft: Record<string, unknown>) => void): Promise<void> {
  if (!item.draft) return;
  const stored = await readQueuedFiles(item.id);
  handoff = item.files.flatMap((f) => {
    const bytes = stored.find((s) => s.id === f.id);
    if (!bytes) return [];
    const file = bytes.blob instanceof File ? bytes.blob : new File([bytes.blob], bytes.name, { type: bytes.type });
    return [{ key: f.id, file, thumbprint: Boolean(f.thumbprint) }];
  });
  const receipt = item.body?.deviceReceipt ?? null;
  const interview = item.body?.fieldInterview as { receivedAt?: string } | undefined;
  saveDraft({ ...item.draft, step: 'review', deviceReceipt: receipt, fieldReceivedAt: interview?.receivedAt ?? '' });
  // The queue's code is loaded here already (the list offering this is its), but the form's first
  // screen, which takes the files, must not pull it in: imported when used.
  await (await import('./sendQueue')).forgetQueued(item.id);
}

/** The files handed back by `sendBackToForm`, once. */
export function takeRestoredFiles(): RestoredFile[] {
  const files = handoff;
  handoff = [];
  return files;
}
