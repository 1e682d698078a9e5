/**
 * Outgoing e-mail. With SMTP_URL, nodemailer sends over SMTP; without it, a development transport
 * writes each message to the log instead, so nothing is sent by accident from a laptop. In production
 * that log line keeps only the subject: an address, a name or a sign-in link never reaches a log.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Queryable } from '../db/database';
import type { Language } from '../../shared/roles';
import { logger } from '../logger';
import crypto from 'node:crypto';
import type { FieldCipher } from '../crypto/fieldCipher';
import { outboxPlace } from '../crypto/sealedColumns';
import { insertOutboxRows } from '../repositories/notifications';

/** A rendered message ready for the transport. */
export interface MailMessage {
  to: string;
  /** Stable per outbox entry, so a resend after a crash can be recognised as the same message. */
  messageId?: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends rendered messages; throws when the transport fails (the outbox worker retries). */
export class Mailer {
  private readonly transport: Transporter;

  /**
   * `leaseMs` is how long the outbox leaves a claimed e-mail to this sender: connecting, the greeting
   * and each silence of the server are each cut at a third of it (at most nodemailer's usual minute or
   * two), so a send gives up before another instance may take the same e-mail.
   */
  constructor(
    smtpUrl: string | undefined,
    private readonly from: string,
    leaseMs = 5 * 60 * 1000,
    /** Whether the development transport logs whom a message is for and its text (never in production). */
    private readonly logContent = true,
  ) {
    const timeoutMs = Math.floor(leaseMs / 3);
    this.transport = smtpUrl
      ? nodemailer.createTransport({
          url: smtpUrl,
          connectionTimeout: Math.min(120_000, timeoutMs),
          greetingTimeout: Math.min(30_000, timeoutMs),
          socketTimeout: Math.min(60_000, timeoutMs),
        })
      : nodemailer.createTransport({ jsonTransport: true });
    this.logOnly = !smtpUrl;
    if (this.logOnly && !logContent) logger.warn('SMTP_URL is not set: e-mails are not sent, and only their subjects are logged');
  }

  private readonly logOnly: boolean;

  async send(message: MailMessage): Promise<void> {
    const info = await this.transport.sendMail({ from: this.from, ...message });
    if (this.logOnly && this.logContent)
      logger.info('e-mail (development transport, not sent)', { to: message.to, subject: message.subject, text: message.text });
    else if (this.logOnly) logger.info('e-mail not sent: no SMTP_URL', { subject: message.subject, messageId: message.messageId });
    else logger.info('e-mail sent', { messageId: info.messageId });
  }

  close(): void {
    this.transport.close();
  }
}

/** An e-mail to send durably: the template and data, rendered in `language` when it is sent. */
export interface OutboxEntry {
  to: string;
  language: Language;
  template: string;
  /**
   * The mechanism the e-mail is sent for (a notice: the case's; an invitation: the one invited to; a
   * password reset: the account's). Only admins of that mechanism see it in the outbox.
   */
  mechanismId: string;
  data?: Record<string, unknown>;
}

/** Writes an e-mail to the outbox inside the caller's transaction: it is sent only if that commits. */
export async function enqueueEmail(tx: Queryable, cipher: FieldCipher, entry: OutboxEntry, at: Date): Promise<number> {
  return (await enqueueEmails(tx, cipher, [entry], at))[0]!;
}

/** Who an outbox e-mail goes to: the address and the name the greeting uses, kept sealed in the row. */
export interface OutboxRecipient {
  to: string;
  recipientName?: string;
}

/**
 * The recipient of an outbox row, opened from its ciphertext, or the plaintext address of a row written
 * before the outbox was encrypted (the start-up sealing encrypts those; a row may arrive in between).
 */
export function outboxRecipient(
  cipher: FieldCipher,
  row: { sealId: string | null; recipientCiphertext: string | null; toAddress: string | null },
): OutboxRecipient {
  if (row.sealId !== null && row.recipientCiphertext !== null) return cipher.open<OutboxRecipient>(row.recipientCiphertext, outboxPlace(row.sealId));
  return { to: row.toAddress ?? '' };
}

/** The sealed recipient of an e-mail and its data without the recipient's name (which would be plaintext in the row). */
export function sealRecipient(
  cipher: FieldCipher,
  sealId: string,
  to: string,
  data: Record<string, unknown>,
): { ciphertext: string; data: Record<string, unknown> } {
  const { recipientName, ...rest } = data;
  const recipient: OutboxRecipient = typeof recipientName === 'string' ? { to, recipientName } : { to };
  return { ciphertext: cipher.seal(recipient, outboxPlace(sealId)), data: rest };
}

/** Writes several e-mails to the outbox in one statement (notices of one event); their ids, in order. */
export async function enqueueEmails(tx: Queryable, cipher: FieldCipher, entries: readonly OutboxEntry[], at: Date): Promise<number[]> {
  if (entries.length === 0) return [];
  return insertOutboxRows(tx, sealedOutboxRows(cipher, entries), at);
}

/** An outbox row about to be written, keyed by column name, its recipient sealed. */
export interface SealedOutboxRow {
  seal_id: string;
  to_address_ciphertext: string;
  language: Language;
  template: string;
  data: Record<string, unknown>;
  mechanism_id: string;
}

/** The outbox rows of `entries`: the address and the greeting's name sealed to a key made here (the row's id exists only after the insert). */
export function sealedOutboxRows(cipher: FieldCipher, entries: readonly OutboxEntry[]): SealedOutboxRow[] {
  return entries.map((e) => {
    const sealId = crypto.randomUUID();
    const sealed = sealRecipient(cipher, sealId, e.to, e.data ?? {});
    return {
      seal_id: sealId,
      to_address_ciphertext: sealed.ciphertext,
      language: e.language,
      template: e.template,
      data: sealed.data,
      mechanism_id: e.mechanismId,
    };
  });
}
