/**
 * What fits in one SMS. A message of at most 160 GSM-7 characters is one SMS; one character outside
 * GSM-7 (Spanish á, í, ó, ú are outside it, é, ñ and ü inside) turns the whole message into UCS-2 of 70
 * characters a segment. So texts for SMS are folded to GSM-7 first (á → a), and segments are counted by
 * Twilio's own calculator (sms-segments-calculator). WhatsApp has neither limit.
 */
import { SegmentedMessage } from 'sms-segments-calculator';
import type { Channel } from './phoneIdentity';

/** Characters of one GSM-7 SMS. */
export const SMS_CHARACTERS = 160;

/** The longest text sent as one outbound message: 10 SMS segments, and well under WhatsApp's 4096. */
const MAX_MESSAGE: Record<Channel, number> = { sms: 1530, whatsapp: 4000 };

// Punctuation phones and keyboards put in texts, and their GSM-7 look-alikes.
const LOOKALIKES: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"', '\u2013': '-', '\u2014': '-', '\u2026': '...', '\u00a0': ' ', '\u00ab': '"', '\u00bb': '"',
};

function isGsm(text: string): boolean {
  return new SegmentedMessage(text, 'auto').encodingName === 'GSM-7';
}

/** `text` as it is sent on `channel`: for SMS, every character outside GSM-7 folded to its nearest one (else `?`). */
export function forChannel(text: string, channel: Channel): string {
  if (channel === 'whatsapp' || isGsm(text)) return text;
  const outside = new Set(new SegmentedMessage(text, 'auto').getNonGsmCharacters());
  return [...text]
    .map((ch) => {
      if (!outside.has(ch)) return ch;
      const plain = LOOKALIKES[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '');
      return plain !== '' && isGsm(plain) ? plain : '?';
    })
    .join('');
}

/** How many SMS segments `text` costs (already folded with forChannel); a WhatsApp message counts one. */
export function segmentsOf(text: string, channel: Channel): number {
  if (channel === 'whatsapp') return 1;
  return Math.max(1, new SegmentedMessage(text, 'auto').segmentsCount);
}

/** Whether `text` (folded) goes as one plain SMS: GSM-7 and at most 160 characters. */
export function fitsOneSms(text: string): boolean {
  const message = new SegmentedMessage(text, 'auto');
  return message.encodingName === 'GSM-7' && message.segmentsCount === 1;
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
