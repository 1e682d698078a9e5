import { DEMO, getTestServer, type TestServer } from '../support';
import { buildComplaint, fileComplaint, loadMechanism } from '../intakeSupport';
import type { MechanismDto } from '../../shared/types/api';
import { insertCase } from '../accountHelpers';
import { DEMO_RECEIPT_KEY } from '../../server/db/demoData';
import { newProvisionalCode } from '../../shared/deviceReceipt';

describe('Following a case with its receipt key', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  beforeAll(async () => {
    server = await getTestServer({ config: { filingsPerHourPerIp: 3, trustProxy: 1 } });
    mechanism = await loadMechanism(server);
  });
  afterAll(async () => {
    await server.close();
  });

  // Each filing from an address of its own, so these tests stay under the hourly filing allowance.
  let filer = 0;
  const fileAnonymously = async () =>
    fileComplaint(
      await server.client('es', { address: `10.9.0.${(filer += 1)}` }),
      buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }),
    );

  it('When the right key is given, Then the case opens and stays open in that session; wrong key and unknown reference look alike', async () => {
    const filed = await fileComplaint(
      await server.client(),
      buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none' }),
    );
    const phone = await server.client('en');
    expect((await phone.get(`/api/track/${filed.reference}`)).status).toBe(404);
    const wrongKey = await phone.post('/api/track', { reference: filed.reference, receiptKey: 'AAAA-BBBB-CCCC-DDDD' });
    const unknown = await phone.post('/api/track', { reference: 'CES-2026-999999', receiptKey: filed.receiptKey });
    expect(wrongKey.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrongKey.body).toEqual(unknown.body);

    const opened = await phone.post('/api/track', { reference: filed.reference, receiptKey: ` ${filed.receiptKey!.replace(/-/g, ' - ')} ` });
    expect(opened.status).toBe(200);
    expect(opened.body.status).toBe('received');
    expect(opened.body.whatHappened).toContain('polvo de carbón');
    const again = await phone.get(`/api/track/${filed.reference}`);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(filed.caseId);
    // The session tracks only that case.
    expect((await phone.get('/api/cases/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('When the key is typed with spaces only, in lower case, or with other dashes, Then it opens the case', async () => {
    const filed = await fileAnonymously();
    const key = filed.receiptKey!;
    // As the receipt's hint says: groups separated by spaces (the form that used to answer "not found").
    for (const typed of [key.replace(/-/g, ' '), key.toLowerCase().replace(/-/g, ''), key.replace(/-/g, ' – '), ` ${key.toLowerCase()} `]) {
      const res = await (
        await server.client('es', { address: `10.1.0.${Math.floor(Math.random() * 200) + 1}` })
      ).post('/api/track', { reference: filed.reference.toLowerCase(), receiptKey: typed });
      expect({ typed, status: res.status }).toEqual({ typed, status: 200 });
      expect(res.body.id).toBe(filed.caseId);
    }
  });

  it('When a key holding 0 and 1 is typed with O, I or L in their place, in any case, Then it opens the case; one real symbol changed does not', async () => {
    // A key made on the phone (the server's own keys are random): 0 and 1 in it, as any new key may have.
    const receiptKey = '7K40-9XQ1-M3TA-H81D';
    const provisionalCode = newProvisionalCode();
    const filed = await fileComplaint(
      await server.client('es', { address: '10.2.0.1' }),
      buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none', deviceReceipt: { receiptKey, provisionalCode } }),
    );
    for (const [reference, typed] of [
      [filed.reference, '7K4O-9XQI-M3TA-H8LD'],
      [filed.reference, '7k4o 9xqi m3ta h8ld'],
      [filed.reference, '7K4o9XQl M3TA h8Id'],
      [provisionalCode.replace(/0/g, 'O').replace(/1/g, 'I').toLowerCase(), '7K4O 9XQL M3TA H8ID'],
    ]) {
      const res = await (await server.client('es', { address: '10.2.0.2' })).post('/api/track', { reference, receiptKey: typed });
      expect({ typed, status: res.status, id: res.body.id }).toEqual({ typed, status: 200, id: filed.caseId });
    }
    const wrong = await (
      await server.client('es', { address: '10.2.0.3' })
    ).post('/api/track', { reference: filed.reference, receiptKey: '7K4O-9XQI-M3TA-H8LE' });
    expect(wrong.status).toBe(404);
  });

  it('When a key stored before look-alikes were read as digits (hashed with its O, as the demo key was) is typed as shown, with a 0 or in lower case, Then it opens the case', async () => {
    // Databases seeded before December 2026 hold the demo key hashed as shown, with the letter O.
    const legacy = await insertCase(server.db, server.clock.now(), {
      mechanismId: mechanism.id,
      companyId: null,
      description: 'Queja con una clave guardada antes.',
      receiptKey: DEMO_RECEIPT_KEY,
    });
    // The demo loaded today hashes it as it is read.
    const seeded = await server.db.one<{ reference: string }>(
      `SELECT reference FROM cases WHERE receipt_key_hash IS NOT NULL AND id <> $1 AND created_at < $2 ORDER BY created_at LIMIT 1`,
      [legacy.id, server.clock.now()],
    );
    for (const reference of [legacy.reference, seeded.reference]) {
      for (const typed of [DEMO_RECEIPT_KEY, 'DEM0-7K4P-9XQ2-M3TA', 'dem0 7k4p 9xq2 m3ta', 'demo7k4p9xq2m3ta']) {
        const res = await (await server.client('es', { address: '10.2.1.1' })).post('/api/track', { reference, receiptKey: typed });
        expect({ reference, typed, status: res.status }).toEqual({ reference, typed, status: 200 });
      }
    }
    expect(
      (await (await server.client('es', { address: '10.2.1.2' })).post('/api/track', { reference: legacy.reference, receiptKey: 'DEMO-7K4P-9XQ2-M3TB' }))
        .status,
    ).toBe(404);
  });

  it('When a key was stored as an argon2id hash (before December 2026), Then it still opens its case, and is stored as a keyed hash from then on', async () => {
    const key = 'NRTE-KEYS-2345-6789';
    const old = await insertCase(server.db, server.clock.now(), {
      mechanismId: mechanism.id,
      companyId: null,
      description: 'Queja de antes.',
      receiptKey: key,
    });
    const stored = async () => (await server.db.one<{ h: string }>('SELECT receipt_key_hash AS h FROM cases WHERE id = $1', [old.id])).h;
    expect(await stored()).toMatch(/^\$argon2id\$/);
    const wrongFirst = await (
      await server.client('es', { address: '10.2.5.1' })
    ).post('/api/track', { reference: old.reference, receiptKey: 'NRTE-KEYS-2345-6788' });
    expect(wrongFirst.status).toBe(404);
    expect(await stored()).toMatch(/^\$argon2id\$/);
    const opened = await (await server.client('es', { address: '10.2.5.2' })).post('/api/track', { reference: old.reference, receiptKey: key.toLowerCase() });
    expect({ status: opened.status, id: opened.body.id }).toEqual({ status: 200, id: old.id });
    expect(await stored()).toMatch(/^hmac-sha256\$v1\$[0-9a-f]{64}$/);
    const again = await (await server.client('es', { address: '10.2.5.3' })).post('/api/track', { reference: old.reference, receiptKey: key });
    expect(again.status).toBe(200);
    const wrongAfter = await (
      await server.client('es', { address: '10.2.5.4' })
    ).post('/api/track', { reference: old.reference, receiptKey: 'NRTE-KEYS-2345-6788' });
    expect(wrongAfter.status).toBe(404);
  });

  it('When a key holds other characters or the wrong number of symbols, Then it is a 400 on receiptKey that says why, and costs no try', async () => {
    const filed = await fileAnonymously();
    const phone = await server.client('es', { address: '10.2.2.1' });
    const counted = async () => (await server.db.query('SELECT key, failures FROM guess_throttle ORDER BY key')).map((r) => JSON.stringify(r));
    const before = await counted();
    const accented = await phone.post('/api/track', { reference: filed.reference, receiptKey: `${filed.receiptKey!.slice(0, -1)}Ñ` });
    expect(accented.status).toBe(400);
    expect(accented.body.error.fields).toEqual([{ field: 'receiptKey', message: expect.stringContaining('solo tiene letras sin tildes y números') }]);
    const short = await phone.post('/api/track', { reference: filed.reference, receiptKey: filed.receiptKey!.slice(0, -2) });
    expect(short.status).toBe(400);
    expect(short.body.error.fields).toEqual([{ field: 'receiptKey', message: expect.stringContaining('16 letras y números') }]);
    expect(await counted()).toEqual(before);
  });

  it('When others guess a reference from many addresses, Then the owner with the right key still gets in at once, and each guesser is slowed down', async () => {
    const filed = await fileAnonymously();
    const wrongKey = 'AAAA-BBBB-CCCC-DDDD';
    // Eleven requests used to lock any case for 15 minutes; here forty wrong keys from twenty addresses.
    const refused: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const guesser = await server.client('es', { address: `10.3.0.${i + 1}` });
      for (let j = 0; j < 2; j += 1) refused.push((await guesser.post('/api/track', { reference: filed.reference, receiptKey: wrongKey })).status);
    }
    // The first tries on the case are heard; after that each guesser's second try waits.
    expect(refused.filter((s) => s === 404).length).toBeGreaterThanOrEqual(20);
    expect(refused.filter((s) => s === 429).length).toBeGreaterThan(10);
    expect(refused.every((s) => s === 404 || s === 429)).toBe(true);

    const owner = await server.client('es', { address: '10.3.1.99' });
    const opened = await owner.post('/api/track', { reference: filed.reference, receiptKey: filed.receiptKey });
    expect(opened.status).toBe(200);
    expect(opened.body.id).toBe(filed.caseId);
  });

  it('When one address keeps guessing one case, Then its wait grows (1 s, 2 s, 4 s …) and is said in words with the right plural', async () => {
    const filed = await fileAnonymously();
    const attacker = await server.client('es', { address: '10.4.0.1' });
    const guess = () => attacker.post('/api/track', { reference: filed.reference, receiptKey: 'AAAA-BBBB-CCCC-DDDD' });
    for (let i = 0; i < 5; i += 1) expect((await guess()).status).toBe(404);
    const waits: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      expect((await guess()).status).toBe(404);
      const blocked = await guess();
      expect(blocked.status).toBe(429);
      waits.push(Number(blocked.headers['retry-after']));
      if (i === 0) expect(blocked.body.error.message).toBe('Demasiados intentos seguidos. Espere 1 segundo e inténtelo de nuevo.');
      if (i === 1) expect(blocked.body.error.message).toBe('Demasiados intentos seguidos. Espere 2 segundos e inténtelo de nuevo.');
      server.clock.advance(waits[i]! * 1000);
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    // Meanwhile the owner, from another address, is never kept out.
    const owner = await server.client('es', { address: '10.4.0.2' });
    expect((await owner.post('/api/track', { reference: filed.reference, receiptKey: filed.receiptKey })).status).toBe(200);
    // And an hour without failures forgets them.
    server.clock.advance(61 * 60 * 1000);
    expect((await guess()).status).toBe(404);
    expect((await guess()).status).toBe(404);
  });

  it('When one address files more than the hourly allowance, Then it gets 429 until the hour passes', async () => {
    server.clock.advance(61 * 60 * 1000);
    const visitor = await server.client();
    for (let i = 0; i < 3; i += 1) await fileComplaint(visitor, buildComplaint(mechanism));
    const blocked = await visitor.post('/api/complaints', buildComplaint(mechanism));
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.message).toMatch(/Espere \d+ minutos? e inténtelo/);
    server.clock.advance(61 * 60 * 1000);
    await fileComplaint(await server.loginAs(DEMO.complainant), buildComplaint(mechanism));
  });

  it('When one address sends refused filings, Then they count against the allowance too, and over it the answer is 429 whatever the body', async () => {
    server.clock.advance(61 * 60 * 1000);
    const visitor = await server.client();
    // A body refused by its schema, one refused by the mechanism's lists, and a good one: three hits.
    expect((await visitor.post('/api/complaints', { ...buildComplaint(mechanism), whatHappened: '' })).status).toBe(400);
    expect((await visitor.post('/api/complaints', { ...buildComplaint(mechanism), categoryCodes: ['no_such_category'] })).status).toBe(400);
    await fileComplaint(visitor, buildComplaint(mechanism));
    expect((await visitor.post('/api/complaints', buildComplaint(mechanism))).status).toBe(429);
    const bad = await visitor.post('/api/complaints', { ...buildComplaint(mechanism), whatHappened: '' });
    expect(bad.status).toBe(429);
    expect(bad.body.error.message).toMatch(/Espere \d+ minutos? e inténtelo/);
  });
});
