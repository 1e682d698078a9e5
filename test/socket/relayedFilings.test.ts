/**
 * Complaints filed together reach the sockets of another app server together: the pushes one server makes
 * in one turn of its event loop (the filings of one batch, answered at once) share one relay to the other
 * servers, one NOTIFY, while they fit in it (server/realtime/realtime.ts; docs/scaling.md "Filing at
 * speed", session 12). Every case and every notice is still heard once, under its own reference.
 */
import { Client } from 'pg';
import { collect, connected, describeOnServer, getTestServer, type TestServer } from '../support';
import { buildComplaint, fileInOneBatch, loadMechanism } from '../intakeSupport';
import { buildPeople, type BuiltPeople } from '../factories';
import { settle } from '../dialogueFactory';
import { waitFor } from '../waitFor';
import type { MechanismDto } from '../../shared/types/api';
import type { NotificationDto } from '../../shared/types/notifications';

describeOnServer('Complaints filed together through another app server', () => {
  // Server A with the liaison's socket, server B taking the complaints, on one database.
  let world: { a: TestServer; b: TestServer; mechanism: MechanismDto; cast: BuiltPeople } | undefined;
  beforeAll(async () => {
    const a = await getTestServer({ config: { filingsPerHourPerIp: 1000 } });
    const mechanism = await loadMechanism(a);
    world = {
      a,
      b: await getTestServer({ shareDatabaseWith: a, config: { filingsPerHourPerIp: 1000 } }),
      mechanism,
      cast: await buildPeople(a.app.ctx, mechanism.id),
    };
  });
  afterAll(async () => {
    await world?.b.close();
    await world?.a.close();
  });

  it('When complaints filed together through server B are answered at once, Then a liaison on server A hears each case and each notice once, and they cross in fewer NOTIFYs than complaints', async () => {
    const { a, b, mechanism, cast } = world!;
    const socket = (await a.loginAs(cast.liaison.email)).socket();
    const listener = new Client({ connectionString: (a.database as { url: string }).url });
    try {
      await connected(socket);
      const changed = collect<{ caseId: string; reference: string; status: string }>(socket, 'cases.changed');
      const notices = collect<NotificationDto>(socket, 'notifications.new');
      // The relays between the servers, counted where they travel.
      await listener.connect();
      let notifies = 0;
      listener.on('notification', (message) => (message.channel.startsWith('puente-realtime') ? notifies++ : undefined));
      await listener.query('LISTEN "puente-realtime#/"');

      const file = async () =>
        (await (await b.client()).post('/api/complaints', buildComplaint(mechanism, { companyId: cast.company.id }))).body as {
          caseId: string;
          reference: string;
        };
      const together = 6;
      const counted = notifies;
      const { held, answers } = await fileInOneBatch(
        b,
        mechanism.id,
        file,
        Array.from({ length: together }, () => file),
      );
      const filed = [held, ...answers];
      await waitFor(() => changed.filter((c) => filed.some((f) => f.caseId === c.caseId)).length === filed.length, { what: 'each filed case heard on A' });
      await settle(socket);

      const heard = changed.filter((c) => filed.some((f) => f.caseId === c.caseId));
      expect(heard.sort((x, y) => x.reference.localeCompare(y.reference))).toEqual(
        filed.map((f) => ({ caseId: f.caseId, reference: f.reference, status: 'received' })).sort((x, y) => x.reference.localeCompare(y.reference)),
      );
      const theirs = notices.filter((n) => filed.some((f) => f.caseId === n.caseId));
      expect(theirs.map((n) => n.caseId).sort()).toEqual(filed.map((f) => f.caseId).sort());
      for (const n of theirs) expect(n.data).toMatchObject({ reference: filed.find((f) => f.caseId === n.caseId)!.reference });
      // The first two filings crossed alone (one NOTIFY each); the six answered together shared one, or two
      // had their pushes outgrown one NOTIFY (one a filing before, eight in all).
      expect(notifies - counted).toBeGreaterThanOrEqual(3);
      expect(notifies - counted).toBeLessThanOrEqual(4);
    } finally {
      socket.close();
      await listener.end();
    }
  });
});
