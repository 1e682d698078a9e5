/** Phone numbers, their conversations and the cases they follow (docs/channels.md): SQL in one place; plain objects out. */
import type { Queryable } from '../db/database';
import type { Channel } from '../channels/phoneIdentity';
import type { AttachmentKind } from '../../shared/types/intake';
import type { Language } from '../../shared/roles';

/** A phone number that wrote to a gateway; the number itself stays ciphertext. */
export interface ContactRow {
  id: string;
  phoneIndex: string;
  phoneCiphertext: string;
  optedOutAt: Date | null;
}

const CONTACT = `id, phone_index AS "phoneIndex", phone_ciphertext AS "phoneCiphertext", opted_out_at AS "optedOutAt"`;

/** The contact with this blind index, made on first contact. */
export async function upsertContact(q: Queryable, phoneIndex: string, phoneCiphertext: string, at: Date): Promise<ContactRow> {
  await q.query(`INSERT INTO channel_contacts (phone_index, phone_ciphertext, created_at) VALUES ($1, $2, $3) ON CONFLICT (phone_index) DO NOTHING`, [
    phoneIndex,
    phoneCiphertext,
    at,
  ]);
  return q.one<ContactRow>(`SELECT ${CONTACT} FROM channel_contacts WHERE phone_index = $1`, [phoneIndex]);
}

/** A contact by id. */
export function findContact(q: Queryable, id: string): Promise<ContactRow | undefined> {
  return q.maybeOne<ContactRow>(`SELECT ${CONTACT} FROM channel_contacts WHERE id = $1`, [id]);
}

/** Records SALIR (`at`) or VOLVER (null). */
export async function setOptedOut(q: Queryable, contactId: string, at: Date | null): Promise<void> {
  await q.query(`UPDATE channel_contacts SET opted_out_at = $2 WHERE id = $1`, [contactId, at]);
}

/** Where a number stands in the menus of one gateway and channel. */
export interface ConversationRow {
  id: string;
  contactId: string;
  gateway: string;
  channel: Channel;
  mechanismId: string;
  step: string;
  stateCiphertext: string;
  language: Language;
  lastInboundAt: Date;
}

const CONVERSATION = `id, contact_id AS "contactId", gateway, channel, mechanism_id AS "mechanismId", step,
  state_ciphertext AS "stateCiphertext", language, last_inbound_at AS "lastInboundAt"`;

/** The conversation, locked until commit; made (at step `idle`) when the number writes for the first time. */
export async function lockConversation(
  tx: Queryable,
  key: { contactId: string; gateway: string; channel: Channel; mechanismId: string },
  emptyStateCiphertext: string,
  at: Date,
): Promise<ConversationRow & { isNew: boolean }> {
  const made = await tx.query<{ id: string }>(
    `INSERT INTO channel_conversations (contact_id, gateway, channel, mechanism_id, step, state_ciphertext, last_inbound_at, created_at)
     VALUES ($1, $2, $3, $4, 'new', $5, $6, $6) ON CONFLICT (contact_id, gateway, channel) DO NOTHING RETURNING id`,
    [key.contactId, key.gateway, key.channel, key.mechanismId, emptyStateCiphertext, at],
  );
  const row = await tx.one<ConversationRow>(
    `SELECT ${CONVERSATION} FROM channel_conversations WHERE contact_id = $1 AND gateway = $2 AND channel = $3 FOR UPDATE`,
    [key.contactId, key.gateway, key.channel],
  );
  return { ...row, isNew: made.length === 1 };
}

/** The language of a number's conversation on one gateway and channel; undefined before it first wrote. */
export async function conversationLanguage(q: Queryable, key: { contactId: string; gateway: string; channel: Channel }): Promise<Language | undefined> {
  const row = await q.maybeOne<{ language: Language }>(`SELECT language FROM channel_conversations WHERE contact_id = $1 AND gateway = $2 AND channel = $3`, [
    key.contactId,
    key.gateway,
    key.channel,
  ]);
  return row?.language;
}

/** Saves where the conversation stands after an inbound message (or a sweep). */
export async function saveConversation(
  tx: Queryable,
  id: string,
  change: { step: string; stateCiphertext: string; language: Language; lastInboundAt?: Date },
): Promise<void> {
  await tx.query(
    `UPDATE channel_conversations SET step = $2, state_ciphertext = $3, language = $4, last_inbound_at = COALESCE($5, last_inbound_at) WHERE id = $1`,
    [id, change.step, change.stateCiphertext, change.language, change.lastInboundAt ?? null],
  );
}

/** Drafts left unfinished since before `silentSince`: the sweep clears them (their text and files). */
export function silentDrafts(
  q: Queryable,
  silentSince: Date,
  limit: number,
): Promise<{ id: string; contactId: string; gateway: string; channel: Channel; language: Language }[]> {
  return q.query(
    `SELECT id, contact_id AS "contactId", gateway, channel, language FROM channel_conversations WHERE step NOT IN ('idle', 'expired', 'new') AND last_inbound_at < $1
     ORDER BY last_inbound_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [silentSince, limit],
  );
}

/** Marks an inbound gateway message handled; false when it was already (the gateway retried). */
export async function markInboundHandled(tx: Queryable, gateway: string, externalId: string, at: Date): Promise<boolean> {
  const rows = await tx.query(`INSERT INTO channel_inbound (gateway, external_id, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`, [
    gateway,
    externalId,
    at,
  ]);
  return rows.length === 1;
}

/** Whether an inbound gateway message was handled already. */
export async function inboundHandled(q: Queryable, gateway: string, externalId: string): Promise<boolean> {
  return (await q.maybeOne(`SELECT 1 FROM channel_inbound WHERE gateway = $1 AND external_id = $2`, [gateway, externalId])) !== undefined;
}

/** A file sent during a conversation, before its case exists. */
export interface ChannelMediaRow {
  storageKey: string;
  kind: AttachmentKind;
  mime: string;
  size: number;
  sha256: string;
}

/** Records a kept file of a conversation's draft. */
export async function insertConversationMedia(tx: Queryable, conversationId: string, m: ChannelMediaRow, at: Date): Promise<void> {
  await tx.query(`INSERT INTO channel_media (conversation_id, storage_key, kind, mime, size, sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    conversationId,
    m.storageKey,
    m.kind,
    m.mime,
    m.size,
    m.sha256,
    at,
  ]);
}

/** The draft's files, oldest first. */
export function listConversationMedia(q: Queryable, conversationId: string): Promise<ChannelMediaRow[]> {
  return q.query<ChannelMediaRow>(
    `SELECT storage_key AS "storageKey", kind, mime, size, sha256 FROM channel_media WHERE conversation_id = $1 ORDER BY created_at, id`,
    [conversationId],
  );
}

/** Forgets the draft's files (they became attachments, or the draft was dropped: the orphan sweep deletes those). */
export async function clearConversationMedia(tx: Queryable, conversationId: string): Promise<void> {
  await tx.query(`DELETE FROM channel_media WHERE conversation_id = $1`, [conversationId]);
}

/** A case a number follows. */
export interface CaseLink {
  caseId: string;
  contactId: string;
  gateway: string;
  channel: Channel;
  push: boolean;
}

/** Links a case to the number that filed it (once). */
export async function insertCaseLink(tx: Queryable, link: CaseLink, at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO channel_case_links (case_id, contact_id, gateway, channel, push, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [link.caseId, link.contactId, link.gateway, link.channel, link.push, at],
  );
}

/** Unlinks every number from a case (its identity is redacted: SMS replies about it stop). */
export async function deleteCaseLinks(tx: Queryable, caseId: string): Promise<void> {
  await tx.query('DELETE FROM channel_case_links WHERE case_id = $1', [caseId]);
}

/** The case this number filed most recently on this channel, if any. */
export function latestLinkedCase(q: Queryable, contactId: string, channel: Channel): Promise<{ caseId: string } | undefined> {
  return q.maybeOne(`SELECT case_id AS "caseId" FROM channel_case_links WHERE contact_id = $1 AND channel = $2 ORDER BY created_at DESC LIMIT 1`, [
    contactId,
    channel,
  ]);
}

/** The numbers that asked at filing to receive this case's messages and have not sent SALIR since. */
export function pushLinksOf(q: Queryable, caseId: string): Promise<CaseLink[]> {
  return q.query<CaseLink>(
    `SELECT l.case_id AS "caseId", l.contact_id AS "contactId", l.gateway, l.channel, l.push
     FROM channel_case_links l JOIN channel_contacts k ON k.id = l.contact_id
     WHERE l.case_id = $1 AND l.push AND k.opted_out_at IS NULL ORDER BY l.created_at`,
    [caseId],
  );
}
