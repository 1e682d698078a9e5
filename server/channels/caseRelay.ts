/**
 * Messages from the company or the Defensoría to the complainant reach the phone that filed the case by
 * SMS or WhatsApp — only when the person chose it at filing (after the warning about shared phones;
 * an anonymous complainant only on explicit request), and never to a number that sent SALIR. Written
 * to the channel outbox in the transaction that posts the message, once per message and number.
 */
import type { AppContext } from '../context';
import type { Tx } from '../db/database';
import { translatorFor } from '../i18n';
import type { CaseRow } from '../repositories/cases';
import { conversationLanguage, pushLinksOf } from '../repositories/channels';
import type { MessageRow } from '../repositories/messages';
import { enqueueChannelMessage } from './outbound';
import { audiencesOf } from '../policies/messagePolicy';
import type { MessageVisibility } from '../../shared/types/dialogue';

/**
 * Whether an entry with this visibility may go to the complainant's phones: only what the complainant's
 * side may read (messagePolicy, the same rule as their live pushes); internal notes never leave their
 * organisation. Known before the entry is written (messagePoster decides with it whether more follows).
 */
export function reachesPhones(entry: { visibility: MessageVisibility; internalOrg: string | null }, c: CaseRow): boolean {
  return audiencesOf(entry, c).some((a) => a.side === 'complainant');
}

/** Queues `message` (written by the company's or the ombudsman's side) for the phones that asked for it. */
export async function relayToPhones(ctx: AppContext, tx: Tx, c: CaseRow, message: MessageRow, from: 'company' | 'ombudsman'): Promise<void> {
  if (!reachesPhones(message, c)) return;
  const links = await pushLinksOf(tx, c.id);
  for (const link of links) {
    const t = translatorFor((await conversationLanguage(tx, link)) ?? 'es');
    const body = message.body?.trim() ?? '';
    const files = message.attachments.length;
    const text = [
      t(from === 'company' ? 'channels:relay.company' : 'channels:relay.ombudsman', { reference: c.reference, company: c.companyName ?? '', body }),
      ...(files > 0 ? [t('channels:relay.files', { count: files })] : []),
    ].join('\n');
    await enqueueChannelMessage(
      ctx,
      tx,
      {
        key: `relay:${message.id}:${link.contactId}:${link.channel}`,
        gateway: link.gateway,
        channel: link.channel,
        contactId: link.contactId,
        mechanismId: c.mechanismId,
        kind: 'relay',
        text,
      },
      ctx.clock.now(),
    );
  }
}
