/**
 * Outgoing e-mail. With SMTP_URL, nodemailer sends over SMTP; without it, a development transport
 * writes each message to the log instead, so nothing is sent by accident from a laptop.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Queryable } from '../db/database';
import type { Language } from '../../shared/roles';
import { logger } from '../logger';

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
  }

  private readonly logOnly: boolean;

  async send(message: MailMessage): Promise<void> {
    const info = await this.transport.sendMail({ from: this.from, ...message });
    if (this.logOnly) logger.info('e-mail (development transport, not sent)', { to: message.to, subject: message.subject, text: message.text });
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
export async function enqueueEmail(tx: Queryable, entry: OutboxEntry, at: Date): Promise<number> {
  return (await enqueueEmails(tx, [entry], at))[0]!;
}

/** Writes several e-mails to the outbox in one statement (notices of one event); their ids, in order. */
export async function enqueueEmails(tx: Queryable, entries: readonly OutboxEntry[], at: Date): Promise<number[]> {
  if (entries.length === 0) return [];
  const rows = await tx.query<{ id: number }>(
    `INSERT INTO outbox (to_address, language, template, data, mechanism_id, next_attempt_at, created_at)
     SELECT e.to_address, e.language, e.template, e.data, e.mechanism_id, $6, $6
     FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::uuid[]) WITH ORDINALITY AS e(to_address, language, template, data, mechanism_id, n)
     ORDER BY e.n RETURNING id`,
    [
      entries.map((e) => e.to),
      entries.map((e) => e.language),
      entries.map((e) => e.template),
      entries.map((e) => JSON.stringify(e.data ?? {})),
      entries.map((e) => e.mechanismId),
      at,
    ],
  );
  return rows.map((r) => r.id);
}
