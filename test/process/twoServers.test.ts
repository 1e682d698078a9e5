/**
 * Two app server processes on one PostgreSQL server behave as one for live updates: what is done
 * through one reaches the sockets connected to the other (server/realtime/postgresCluster.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import type { MessageDto } from '../../shared/types/dialogue';
import type { MechanismDto } from '../../shared/types/api';
import type { NotificationDto } from '../../shared/types/notifications';
import { DEMO_PASSWORD } from '../../server/db/demoData';
import { createTestDatabase, onDatabase, type TestDatabase } from '../databases';
import { join, message } from '../dialogueFactory';
import { buildComplaint, fileComplaint } from '../intakeSupport';
import { connected, DEMO, describeOnServer, nextEvent, TestClient } from '../support';
import { buildCase, buildOn, buildPeople, type BuiltPeople } from '../factories';
import type { CaseRow } from '../../server/repositories/cases';
import { startServerProcess, useServerProcesses, type ServerProcess } from './serverProcess';

async function loginAt(url: string, email: string): Promise<TestClient> {
  const client = await TestClient.create(url, 'es');
  const res = await client.post('/api/session', { email, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`Login as ${email} failed: ${res.status}`);
  return client;
}

describeOnServer('Two app server processes on one PostgreSQL server', () => {
  useServerProcesses();
  let database: TestDatabase;
  let url: string;
  let dataDirs: string[];
  const sockets: Socket[] = [];
  // In the demo mechanism (complaints are filed through its real lists): a company and its people, a case its
  // facilitator filed and one nobody has acknowledged yet.
  let cast: BuiltPeople;
  let cases: { facilitated: CaseRow; received: CaseRow };

  /** Servers A and B, each its own process with its own uploads folder, on the test's database. */
  async function twoServers(): Promise<[{ process: ServerProcess; url: string }, { process: ServerProcess; url: string }]> {
    const started = dataDirs.map((dataDir) => startServerProcess({ DATABASE_URL: url, DATA_DIR: dataDir, RUN_JOBS: 'false' }));
    const urls = await Promise.all(started.map((p) => p.listening()));
    return [
      { process: started[0]!, url: urls[0]! },
      { process: started[1]!, url: urls[1]! },
    ];
  }

  async function socketOf(client: TestClient): Promise<Socket> {
    const socket = client.socket() as Socket;
    sockets.push(socket);
    await connected(socket);
    return socket;
  }

  beforeEach(async () => {
    database = await createTestDatabase('demo');
    url = (database.target as { url: string }).url;
    [cast, cases] = await buildOn(database.target, async (ctx) => {
      const people = await buildPeople(ctx);
      const facilitated = await buildCase(ctx, { ...people.filing, filedById: people.facilitator.id });
      return [people, { facilitated, received: await buildCase(ctx, people.filing) }] as const;
    });
    dataDirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'puente-proc-')));
  });
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.close());
    await database.drop();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('When a case changes, a long message is posted and a complaint is filed through server B, Then the sockets connected to server A hear each, the message whole and the new case with its notice', async () => {
    const [a, b] = await twoServers();
    const facilitated = cases.facilitated.id;
    const liaisonOnA = await socketOf(await loginAt(a.url, cast.liaison.email));
    const ombudsmanOnA = await socketOf(await loginAt(a.url, cast.ombudsman.email));
    expect(await join(liaisonOnA, facilitated)).toMatchObject({ ok: true });

    const facilitatorOnB = await loginAt(b.url, cast.facilitator.email);
    // Over PostgreSQL's 8000-byte NOTIFY limit in UTF-8: it crosses through the socket_io_attachments table.
    const long = `Las tractomulas pasan de noche. ${'ñá'.repeat(2400)}`;
    const heard = nextEvent<MessageDto>(liaisonOnA, 'case.message', 15_000);
    const posted = await facilitatorOnB.post(`/api/cases/${facilitated}/messages`, message(long));
    expect(posted.status).toBe(201);
    const got = await heard;
    expect(got.body).toBe(long);
    expect(got.id).toBe(posted.body.id);

    const liaisonOnB = await loginAt(b.url, cast.liaison.email);
    const received = cases.received;
    const changed = nextEvent<{ caseId: string; status: string }>(ombudsmanOnA, 'cases.changed', 15_000);
    expect((await liaisonOnB.post(`/api/cases/${received.id}/transitions`, { action: 'acknowledge' })).status).toBe(200);
    expect(await changed).toEqual({ caseId: received.id, reference: received.reference, status: 'acknowledged' });

    // A complaint filed through B: its case and the liaisons' notices cross to A in one relay.
    const companyOnA = await socketOf(await loginAt(a.url, cast.liaison.email));
    const filedHeard = nextEvent<{ caseId: string; status: string }>(companyOnA, 'cases.changed', 15_000);
    const noticeHeard = nextEvent<NotificationDto>(companyOnA, 'notifications.new', 15_000);
    const visitorOnB = await TestClient.create(b.url, 'es');
    const mechanism = (await visitorOnB.get('/api/mechanism')).body as MechanismDto;
    const filed = await fileComplaint(visitorOnB, buildComplaint(mechanism, { companyId: cast.company.id }));
    expect(await filedHeard).toEqual({ caseId: filed.caseId, reference: filed.reference, status: 'received' });
    expect(await noticeHeard).toMatchObject({ caseId: filed.caseId, kind: 'new_case' });
  }, 120_000);

  it('When the admin deactivates a liaison through server B, Then the liaison’s socket on server A is told and closed', async () => {
    const [a, b] = await twoServers();
    const liaisonOnA = await socketOf(await loginAt(a.url, cast.liaison.email));
    const person = cast.liaison;
    const admin = await loginAt(b.url, DEMO.admin);
    const ended = nextEvent<{ reason: string }>(liaisonOnA, 'session.ended', 15_000);
    const disconnected = new Promise<void>((resolve) => liaisonOnA.once('disconnect', () => resolve()));
    const res = await admin.send('patch', `/api/admin/mechanisms/${person.mechanismId}/users/${person.id}`, { active: false });
    expect(res.status).toBe(200);
    expect(await ended).toEqual({ reason: 'deactivated' });
    await disconnected;
  }, 120_000);

  it('When the servers’ live-update connections are terminated, Then both stay up, tell their sockets to reconnect, and pushes through B reach A again', async () => {
    const [a, b] = await twoServers();
    const ombudsman = await loginAt(a.url, cast.ombudsman.email);
    const before = await socketOf(ombudsman);
    const toldToReconnect = new Promise<void>((resolve) => before.once('disconnect', () => resolve()));

    const terminated = await onDatabase<{ pid: number }>(
      process.env.DATABASE_URL!,
      "SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'puente-realtime' AND query LIKE 'LISTEN%'",
      [database.name],
    );
    expect(terminated).toHaveLength(2);
    // Each server listens again by itself, then closes its sockets so their clients catch up over HTTP.
    await Promise.all([a, b].map((s) => s.process.line('live-update connection to PostgreSQL restored; clients reconnect to catch up', 30_000)));
    await toldToReconnect;

    const after = await socketOf(ombudsman);
    const liaisonOnB = await loginAt(b.url, cast.liaison.email);
    const changed = nextEvent<{ caseId: string; status: string }>(after, 'cases.changed', 15_000);
    expect((await liaisonOnB.post(`/api/cases/${cases.received.id}/transitions`, { action: 'acknowledge' })).status).toBe(200);
    expect((await changed).caseId).toBe(cases.received.id);
    expect(a.process.child.exitCode).toBeNull();
    expect(b.process.child.exitCode).toBeNull();
  }, 120_000);
});
