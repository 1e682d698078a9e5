/**
 * What fits in one SMS. A message of at most 160 GSM-7 characters is one SMS; one character outside
 * GSM-7 (Spanish á, í, ó, ú are outside it, é, ñ and ü inside) turns the whole message into UCS-2 of 70
 * characters a segment. So texts for SMS are folded to GSM-7 first (á → a), and the segments each
 * message costs are counted by Twilio's own calculator (sms-segments-calculator). WhatsApp has neither limit.
 */
import { SegmentedMessage } from 'sms-segments-calculator';
import type { Channel } from './phoneIdentity';

/** Characters of one GSM-7 SMS. */
export const SMS_CHARACTERS = 160;

/** The longest text sent as one outbound message: 10 SMS segments, and well under WhatsApp's 4096. */
const MAX_MESSAGE: Record<Channel, number> = { sms: 1530, whatsapp: 4000 };

// Punctuation phones and keyboards put in texts, and their GSM-7 look-alikes.
const LOOKALIKES: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u00a0': ' ',
  '\u00ab': '"',
  '\u00bb': '"',
};

// GSM 03.38: the basic set (one septet each) and the extension table (an escape plus one: two septets).
// Written out here because the menus are measured many times per message and the segment calculator
// takes milliseconds a call; smsText.test.ts checks these against it.
const GSM_BASIC = new Set([
  ...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
]);
const GSM_EXTENDED = new Set([...'^{}\\[~]|€\f']);

/** Septets `text` takes in GSM-7, or null when a character is outside it. */
export function gsmSeptets(text: string): number | null {
  let septets = 0;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else return null;
  }
  return septets;
}

/** `text` as it is sent on `channel`: for SMS, every character outside GSM-7 folded to its nearest one (else `?`). */
export function forChannel(text: string, channel: Channel): string {
  if (channel === 'whatsapp' || gsmSeptets(text) !== null) return text;
  return [...text]
    .map((ch) => {
      if (gsmSeptets(ch) !== null) return ch;
      const plain = LOOKALIKES[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '');
      return plain !== '' && gsmSeptets(plain) !== null ? plain : '?';
    })
    .join('');
}

/** How many SMS segments `text` costs (already folded with forChannel); a WhatsApp message counts one. */
export function segmentsOf(text: string, channel: Channel): number {
  if (channel === 'whatsapp') return 1;
  return Math.max(1, new SegmentedMessage(text, 'auto').segmentsCount);
}

/** Whether `text` (folded) goes as one plain SMS: GSM-7 and at most 160 septets. */
export function fitsOneSms(text: string): boolean {
  const septets = gsmSeptets(text);
  return septets !== null && septets <= SMS_CHARACTERS;
}

/**
 * A long text cut into messages a gateway accepts (10 segments for SMS), at line or word breaks, each
 * numbered `(1/3)` when there are several. Short texts come back whole.
 */
export function splitForChannel(text: string, channel: Channel): string[] {
  const max = MAX_MESSAGE[channel];
  if (text.length <= max) return [text];
  const room = max - 8;
  const parts: string[] = [];
  let rest = text;
  while (rest.length > room) {
    const window = rest.slice(0, room);
    const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const at = cut > room / 2 ? cut : room;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) parts.push(rest);
  return parts.map((part, i) => `(${i + 1}/${parts.length}) ${part}`);
}
