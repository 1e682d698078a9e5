/**
 * Drops complaints left unfinished by SMS or WhatsApp: a draft silent for DRAFT_TIMEOUT_MS loses its
 * text and files (the files become orphans the orphan-file sweep deletes), and the number is told when
 * it writes again (step `expired`). Nothing is sent now: a day later the person may not expect it.
 */
import type { AppContext } from '../context';
import { logger } from '../logger';
import { DRAFT_TIMEOUT_MS } from '../channels/channelInbox';
import { clearConversationMedia, saveConversation, silentDrafts } from '../repositories/channels';
import { conversationPlace } from '../crypto/sealedColumns';

/** Clears up to `limit` silent drafts; returns how many. Safe from several instances (rows are skipped when locked). */
export async function sweepSilentDrafts(ctx: AppContext, limit = 100): Promise<number> {
  const cleared = await ctx.db.transaction(async (tx) => {
    const drafts = await silentDrafts(tx, new Date(ctx.clock.now().getTime() - DRAFT_TIMEOUT_MS), limit);
    for (const draft of drafts) {
      await clearConversationMedia(tx, draft.id);
      // The case a number follows is kept only where it filed it (channel_case_links), not in the state.
      await saveConversation(tx, draft.id, {
        step: 'expired',
        stateCiphertext: ctx.cipher.seal({ page: 0 }, conversationPlace(draft)),
        language: draft.language,
      });
    }
    return drafts.length;
  });
  if (cleared) logger.info('unfinished SMS/WhatsApp complaints dropped', { conversations: cleared });
  return cleared;
}
