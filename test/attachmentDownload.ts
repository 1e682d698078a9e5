/** Downloading an attachment as the app's viewer does, for tests that compare the bytes. */
import type { TestClient } from './support';

/** The answer to `GET /api/attachments/:id` as `client`: its status and the bytes sent. */
export async function downloadAttachment(client: TestClient, id: string): Promise<{ status: number; body: Buffer }> {
  const res = await client.getBytes(`/api/attachments/${id}`);
  return { status: res.status, body: res.body as Buffer };
}
