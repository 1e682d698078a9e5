/** Test helpers for accounts: links read from the outbox (as the e-mail would carry them), cases in any mechanism. */
import type { Database } from '../server/db/database';
import { nextReference } from '../server/repositories/references';
import { hashSecret } from '../server/auth/passwords';
import { OUTBOX_RECIPIENT, openOutboxRow, type TestClient, type TestServer } from './support';

/** The newest link of `template` e-mailed to `to`, and its token. */
export async function linkSentTo(db: Database, to: string, template = 'invitation'): Promise<{ link: string; token: string }> {
  // Addresses are ciphertext: the newest e-mail of the template whose opened address is `to`.
  const rows = await db.query<{ data: { path: string }; sealId: string | null; recipientCiphertext: string | null; toAddress: string | null }>(
    `SELECT o.data, ${OUTBOX_RECIPIENT} FROM outbox o WHERE o.template = $1 ORDER BY o.id DESC`,
    [template],
  );
  const row = rows.map(openOutboxRow).find((r) => r.to.toLowerCase() === to.toLowerCase());
  if (!row) throw new Error(`No ${template} e-mail to ${to}`);
  // The e-mail's link is the public URL (http://localhost:3000 in tests) plus this path.
  return { link: `http://localhost:3000${row.data.path}`, token: row.data.path.split('/').pop()! };
}

/** Accepts the invitation e-mailed to `email` (password GOOD_PASSWORD) and logs in: a client with the new account's session. */
export async function acceptInvitation(server: TestServer, email: string, displayName = email): Promise<TestClient> {
  const { token } = await linkSentTo(server.db, email);
  const client = await server.client();
  const accepted = await client.post(`/api/invitations/${token}/accept`, { displayName, password: GOOD_PASSWORD });
  if (accepted.status !== 204) throw new Error(`Invitation of ${email} not accepted: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  const session = await client.post('/api/session', { email, password: GOOD_PASSWORD });
  if (session.status !== 200) throw new Error(`Login as ${email} failed: ${session.status}`);
  return client;
}

/** A case filed straight into the database (the filing route belongs to another feature), its receipt key hashed with argon2id as keys were before December 2026. */
export async function insertCase(
  db: Database,
  at: Date,
  c: { mechanismId: string; companyId: string | null; description: string; receiptKey?: string },
): Promise<{ id: string; reference: string }> {
  const receiptHash = c.receiptKey ? await hashSecret(c.receiptKey) : null;
  return db.transaction(async (tx) => {
    const mechanism = await tx.one<{ prefix: string }>('SELECT reference_prefix AS prefix FROM mechanisms WHERE id = $1', [c.mechanismId]);
    const municipality = await tx.one<{ id: string }>('SELECT id FROM municipalities WHERE mechanism_id = $1 ORDER BY name LIMIT 1', [c.mechanismId]);
    const reference = await nextReference(tx, c.mechanismId, mechanism.prefix, at);
    const row = await tx.one<{ id: string }>(
      `INSERT INTO cases (mechanism_id, reference, status, company_id, municipality_id, description, identity_mode, contact_preference,
                          receipt_key_hash, created_at, updated_at)
       VALUES ($1, $2, 'received', $3, $4, $5, 'anonymous', 'none', $6, $7, $7) RETURNING id`,
      [c.mechanismId, reference, c.companyId, municipality.id, c.description, receiptHash, at],
    );
    await tx.query(`INSERT INTO case_events (case_id, kind, to_status, actor_role, created_at) VALUES ($1, 'cases.filed', 'received', 'anonymous', $2)`, [
      row.id,
      at,
    ]);
    return { id: row.id, reference };
  });
}

/** A password that passes every rule. */
export const GOOD_PASSWORD = 'mango verde en la hamaca';
