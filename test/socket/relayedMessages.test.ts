/**
 * A message's notices reach the sockets of another app server packed: the notices of one message are the
 * same but for their id and recipient, so they cross in NOTIFYs of a few KB (server/realtime/realtime.ts
 * packPushes), not through the socket_io_attachments table that a relay over NOTIFY's 8,000 bytes takes
 * (an INSERT, and a read on every server). docs/scaling.md, "Live fan-out to 200 sockets", session 18.
 */
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { collect, connected, describeOnServer, getTestServer, type TestServer } from '../support';
import { message, settle } from '../dialogueFactory';
import { buildCase, buildPeople, buildUser, type BuiltPeople } from '../factories';
import { waitFor } from '../waitFor';
import type { NotificationDto } from '../../shared/types/notifications';

/** Liaisons of the case's company: their notices, ~260 bytes each as plain pushes, ~55 packed, fit in no single NOTIFY either way. */
const LIAISONS = 160;

describeOnServer('A message’s notices relayed to another app server', () => {
  // Server A with liaisons' sockets, server B taking the message, on one database.
  let world: { a: TestServer; b: TestServer; cast: BuiltPeople; liaisons: { id: string; email: string }[] } | undefined;
  beforeAll(async () => {
    const a = await getTestServer();
    const cast = await buildPeople(a.app.ctx);
    const liaisons = [cast.liaison];
    for (let i = 1; i < LIAISONS; i++) liaisons.push(await buildUser(a.app.ctx, { role: 'liaison', companyId: cast.company.id }));
    world = { a, b: await getTestServer({ shareDatabaseWith: a }), cast, liaisons };
  }, 120_000);
  afterAll(async () => {
    await world?.b.close();
    await world?.a.close();
  });

  it('When the complainant posts through server B to a company of 160 liaisons, Then liaisons on server A hear each their own notice once, and the notices crossed in two NOTIFYs, nothing through the attachments table', async () => {
    const { a, b, cast, liaisons } = world!;
    const c = await buildCase(a.app.ctx, { ...cast.filing, complainantId: cast.complainant.id });
    await a.db.query("UPDATE cases SET status = 'in_dialogue' WHERE id = $1", [c.id]);
    const listening = [liaisons[0]!, liaisons[LIAISONS - 1]!];
    const sockets: Socket[] = [];
    const listener = new Client({ connectionString: (a.database as { url: string }).url });
    try {
      for (const l of listening) {
        const socket = (await a.loginAs(l.email)).socket();
        sockets.push(socket);
        await connected(socket);
      }
      const heard = sockets.map((s) => collect<NotificationDto>(s, 'notifications.new'));
      await listener.connect();
      let notifies = 0;
      // Only our relays: the adapter's heartbeats (every 5 s a server) cross the same channel.
      listener.on('notification', (n) => (n.channel.startsWith('puente-realtime') && n.payload?.includes('"realtime.') ? notifies++ : undefined));
      await listener.query('LISTEN "puente-realtime#/"');
      const { last } = await a.db.one<{ last: number }>('SELECT COALESCE(max(id), 0)::int AS last FROM socket_io_attachments');

      const complainant = await b.loginAs(cast.complainant.email);
      const posted = await complainant.post(`/api/cases/${c.id}/messages`, message('Llegó otra vez el agua turbia.'));
      expect(posted.status).toBe(201);
      await waitFor(() => heard.every((h) => h.some((n) => n.caseId === c.id)), { what: 'each liaison on A told of the message' });
      await settle(...sockets);

      // Each liaison hears their own notice once, as the server that wrote it presented it.
      const written = await a.db.query<{ id: number; userId: string }>(
        `SELECT id, user_id AS "userId" FROM notifications WHERE case_id = $1 AND kind = 'message'`,
        [c.id],
      );
      expect(written).toHaveLength(LIAISONS);
      listening.forEach((l, i) => {
        const theirs = heard[i]!.filter((n) => n.caseId === c.id);
        expect(theirs).toEqual([
          {
            id: written.find((w) => w.userId === l.id)!.id,
            caseId: c.id,
            kind: 'message',
            data: { reference: c.reference },
            createdAt: expect.any(String),
            read: false,
          },
        ]);
      });
      // The message's pushes in one NOTIFY, its 160 notices packed in two: no row written for them.
      expect(notifies).toBe(3);
      expect(await a.db.query('SELECT id FROM socket_io_attachments WHERE id > $1', [last])).toEqual([]);
    } finally {
      sockets.forEach((s) => s.close());
      await listener.end();
    }
  }, 120_000);
});
