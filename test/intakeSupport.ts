/** Factories for intake tests: a valid complaint body built from the demo mechanism's real lists. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MechanismDto } from '../shared/types/api';
import type { FileComplaintRequest } from '../shared/types/intake';
import { getTestServer, type TestClient, type TestServer, type TestServerOptions } from './support';
import { buildPeople, type BuiltMechanism, type BuiltPeople } from './factories';
import { currentDataPolicy } from '../server/repositories/dataPolicies';
import { filingBatchStats } from '../server/repositories/filings';
import { waitFor } from './waitFor';

/** The demo mechanism's lists, as the form loads them. */
export async function loadMechanism(server: TestServer): Promise<MechanismDto> {
  const client = await server.client();
  return (await client.get('/api/mechanism')).body as MechanismDto;
}

/**
 * The set-up of a file of intake tests: before its tests, a server on the demo data (taking many filings
 * from one address unless `options` say otherwise), its mechanism's lists and companies and people of the
 * file's own in it (to file against and to read the cases), handed to `ready`; after them, the server closed.
 */
export function onIntakeServer(
  ready: (server: TestServer, mechanism: MechanismDto, people: BuiltPeople) => void,
  options: TestServerOptions = { config: { filingsPerHourPerIp: 1000 } },
): void {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await getTestServer(options);
    const mechanism = await loadMechanism(server);
    ready(server, mechanism, await buildPeople(server.app.ctx, mechanism.id));
  });
  afterAll(async () => {
    await server?.close();
  });
}

/** How many cases the server's database holds (to show a refused filing changed nothing). */
export async function countCases(server: TestServer): Promise<number> {
  return (await server.db.one<{ n: number }>('SELECT count(*)::int AS n FROM cases')).n;
}

/** Ids by name in the demo mechanism. */
export function demoIds(mechanism: MechanismDto) {
  const company = (slug: string) => mechanism.companies.find((c) => c.slug === slug)!.id;
  const municipality = (name: string) => mechanism.municipalities.find((m) => m.name === name)!;
  return { company, municipality };
}

/** A valid complaint body; `overrides` replace top-level fields. */
export function buildComplaint(mechanism: MechanismDto, overrides: Partial<FileComplaintRequest> = {}): FileComplaintRequest {
  const { company, municipality } = demoIds(mechanism);
  const elPaso = municipality('El Paso');
  return {
    idempotencyKey: crypto.randomUUID(),
    whatHappened: 'Desde hace dos semanas el polvo de carbón cubre las casas y la escuela de la vereda.',
    hopedOutcome: 'Que rieguen las vías y pongan barreras contra el polvo.',
    occurredOn: '2026-11-10',
    municipalityId: elPaso.id,
    veredaId: elPaso.veredas.find((v) => v.name === 'El Hatillo')!.id,
    placeDetail: 'Frente a la escuela',
    latitude: 9.66,
    longitude: -73.74,
    companyId: company('perija'),
    categoryCodes: ['air_dust'],
    identityMode: 'named',
    identity: { name: 'Ana Mercedes Toro', phone: '3105550101' },
    contactPreference: 'phone',
    consent: { policyVersion: '2026-01', accepted: true },
    ...overrides,
  };
}

/**
 * A valid complaint body for a mechanism built by buildMechanism, against `companyId`: its municipality,
 * its category and its data policy in force; `overrides` replace top-level fields.
 */
export async function buildComplaintFor(
  server: TestServer,
  mechanism: BuiltMechanism,
  companyId: string,
  overrides: Partial<FileComplaintRequest> = {},
): Promise<FileComplaintRequest> {
  const policy = await currentDataPolicy(server.db, mechanism.id, server.clock.now());
  if (!policy) throw new Error(`No data policy in force in ${mechanism.slug}`);
  return {
    idempotencyKey: crypto.randomUUID(),
    whatHappened: 'Desde hace dos semanas el polvo de carbón cubre las casas y la escuela de la vereda.',
    municipalityId: mechanism.municipalityId,
    companyId,
    categoryCodes: [mechanism.categoryCode],
    identityMode: 'named',
    identity: { name: 'Ana Mercedes Toro', phone: '3105550101' },
    contactPreference: 'phone',
    consent: { policyVersion: policy.version, accepted: true },
    ...overrides,
  };
}

/** Files a complaint (into the mechanism with slug `mechanism`, else the default one) and expects it to be accepted. */
export async function fileComplaint(client: TestClient, body: FileComplaintRequest, mechanism?: string) {
  const res = await client.post(mechanism ? `/api/complaints?mechanism=${mechanism}` : '/api/complaints', body);
  if (res.status !== 201) throw new Error(`Filing failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { caseId: string; reference: string; receiptKey?: string; status: string };
}

/** Files an anonymous complaint against `companyId` (in the demo mechanism) from a new visitor: its case, reference and receipt key. */
export async function fileAnonymously(server: TestServer, companyId: string) {
  const body = buildComplaint(await loadMechanism(server), { companyId, identityMode: 'anonymous', identity: undefined, contactPreference: 'none' });
  return fileComplaint(await server.client(), body);
}

/** Files kept by the storage module under a data folder (temporary parts included). */
export function countStoredFiles(dataDir: string): number {
  const root = path.join(dataDir, 'uploads');
  if (!fs.existsSync(root)) return 0;
  let n = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else n += 1;
    }
  };
  walk(root);
  return n;
}

/** A fresh data folder for one test server, so file counts see only its own uploads. */
export function freshDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'puente-intake-'));
}

/**
 * Files with `fileOne` (once first, so that the year's reference counter row exists), then holds that
 * counter row of `mechanismId` (a PostgreSQL server only) while it files with `fileOne` again and then
 * each of `others`: the second filing waits at the counter in its own statement, the others wait for it
 * in the server's filing batcher and, once the row is let go, are written together in the next statement
 * (docs/scaling.md, "Filing at speed", session 12). Answers in order, with how many statements the
 * batcher wrote from the held filing on and how many batches it had to file again one at a time.
 */
export async function fileInOneBatch<T>(
  server: TestServer,
  mechanismId: string,
  fileOne: () => Promise<T>,
  others: (() => Promise<T>)[],
): Promise<{ held: T; answers: T[]; statements: number; retried: number }> {
  await fileOne();
  const lock = { sql: 'SELECT last_value FROM reference_counters WHERE mechanism_id = $1 FOR UPDATE', params: [mechanismId] };
  const { items: _, ...result } = await inOneBatchBehind(server, lock, () => filingBatchStats(server.db), fileOne, others);
  return result;
}

/** A batcher's counts (server/db/statementBatcher.ts). */
type BatchStats = { statements: number; items: number; batchesRetriedAlone: number; waiting: number };

/**
 * Holds the row `lock` locks (a PostgreSQL server only) while `fileOne` files: its statement waits at the
 * row, then `others` wait for it in the batcher `stats` counts and, once the row is let go, go together
 * in the next statement. Answers in order, with the statements and items the batcher ran from the held
 * filing on and how many batches it had to run again one at a time.
 */
export async function inOneBatchBehind<T>(
  server: TestServer,
  lock: { sql: string; params: unknown[] },
  stats: () => BatchStats,
  fileOne: () => Promise<T>,
  others: (() => Promise<T>)[],
): Promise<{ held: T; answers: T[]; statements: number; items: number; retried: number }> {
  const before = { ...stats() };
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holding = server.db.transaction(async (tx) => {
    await tx.query(lock.sql, lock.params);
    locked();
    await released;
  });
  await isLocked;
  const held = fileOne();
  await waitFor(() => stats().statements > before.statements, { everyMs: 5, what: 'the held filing sent' });
  const answers = Promise.all(others.map((file) => file()));
  await waitFor(() => stats().waiting === others.length, { everyMs: 5, what: 'the others waiting for the batch' });
  release();
  await holding;
  const result = { held: await held, answers: await answers };
  const done = stats();
  return {
    ...result,
    statements: done.statements - before.statements,
    items: done.items - before.items,
    retried: done.batchesRetriedAlone - before.batchesRetriedAlone,
  };
}
