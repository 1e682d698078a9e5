/**
 * A receipt made on the phone before the signal (docs/offline-intake.md): the server accepts the key
 * and the provisional code once, keeps only hashes, refuses a key used for another case and a key that
 * is malformed or weak, and opens the case with the provisional code or the reference, however the key
 * is typed back. Files resent by a send queue are kept once; a queued complaint is never filed as
 * someone other than the filer it names.
 */
import { DEMO, type TestClient, type TestServer } from '../support';
import { buildComplaint, fileComplaint, onIntakeServer, countCases as countAllCases } from '../intakeSupport';
import type { MechanismDto } from '../../shared/types/api';
import type { FileComplaintRequest } from '../../shared/types/intake';
import { newDeviceReceiptKey, newProvisionalCode } from '../../shared/deviceReceipt';
import { RECEIPT_KEY_ALPHABET } from '../../shared/receiptKey';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(2000, 7)]);

describe('Receipts made on the phone before the signal', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  onIntakeServer((s, m) => ((server = s), (mechanism = m)));

  const countCases = () => countAllCases(server);
  const anonymous = (deviceReceipt: FileComplaintRequest['deviceReceipt'], overrides: Partial<FileComplaintRequest> = {}) =>
    buildComplaint(mechanism, { identityMode: 'anonymous', identity: undefined, contactPreference: 'none', deviceReceipt, ...overrides });

  it('When a queued anonymous complaint arrives with its device key, Then it is accepted once, the key is kept only as hashes and never sent back, and a retry answers the same case', async () => {
    const receiptKey = newDeviceReceiptKey();
    const provisionalCode = newProvisionalCode();
    const visitor = await server.client();
    const body = anonymous({ receiptKey, provisionalCode });
    const first = await visitor.post('/api/complaints', body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      caseId: expect.any(String),
      reference: expect.stringMatching(/^CES-2026-\d{6}$/),
      status: 'received',
      alreadyFiled: false,
      provisionalCode,
      receiptKeyFromDevice: true,
    });

    // The signal dropped before the answer: the phone sends it again and gets the same case, still without the key.
    const again = await (await server.client()).post('/api/complaints', body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, alreadyFiled: true });
    expect(await server.db.one<{ n: number }>('SELECT count(*) AS n FROM cases WHERE idempotency_key = $1', [body.idempotencyKey])).toEqual({ n: 1 });

    const row = await server.db.one<Record<string, unknown>>('SELECT * FROM cases WHERE id = $1', [first.body.caseId]);
    expect(row.receipt_key_hash).toMatch(/^hmac-sha256\$v1\$[0-9a-f]{64}$/);
    expect(row.receipt_key_hash).not.toContain(row.receipt_key_fingerprint);
    expect(row.receipt_key_fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(row.provisional_code).toBe(provisionalCode);
    // Nowhere in clear: not in the case, not in its history, not in the 24-hour copy kept for server-made keys.
    const compact = receiptKey.replace(/-/g, '');
    const dump = JSON.stringify([row, await server.db.query('SELECT * FROM case_events WHERE case_id = $1', [first.body.caseId])]);
    expect(dump).not.toContain(receiptKey);
    expect(dump).not.toContain(compact);
    expect(await server.db.query('SELECT 1 FROM filing_receipts WHERE case_id = $1', [first.body.caseId])).toEqual([]);
  });

  it('When the key is typed back with spaces, dashes or in lower case, Then it opens the case with the provisional code or the reference; a truly wrong key does not', async () => {
    const receiptKey = newDeviceReceiptKey();
    const provisionalCode = newProvisionalCode();
    const filed = await fileComplaint(await server.client(), anonymous({ receiptKey, provisionalCode }));
    const compact = receiptKey.replace(/-/g, '');
    const spaced = compact.replace(/(.{4})/g, '$1 ').trim();
    const oddlyDashed = `${compact.slice(0, 2)}-${compact.slice(2, 9)}--${compact.slice(9)}`;
    const typings: [string, string][] = [
      [provisionalCode, receiptKey],
      [provisionalCode.toLowerCase().replace(/-/g, ' '), spaced.toLowerCase()],
      [provisionalCode.replace(/-/g, ''), compact],
      [filed.reference.toLowerCase(), oddlyDashed],
      [filed.reference, `  ${spaced}  `],
    ];
    for (const [code, key] of typings) {
      const tracked = await (await server.client()).post('/api/track', { reference: code, receiptKey: key });
      expect({ code, key, status: tracked.status, reference: tracked.body.reference }).toEqual({ code, key, status: 200, reference: filed.reference });
    }

    // One symbol changed (to another symbol of the alphabet) is another key.
    const last = compact.at(-1)!;
    const wrongSymbol = RECEIPT_KEY_ALPHABET[(RECEIPT_KEY_ALPHABET.indexOf(last) + 1) % RECEIPT_KEY_ALPHABET.length];
    const wrong = `${compact.slice(0, -1)}${wrongSymbol}`;
    const unknownCode = provisionalCode === 'P-2222-2222' ? 'P-3333-3333' : 'P-2222-2222';
    for (const [code, key] of [
      [provisionalCode, wrong],
      [filed.reference, wrong],
      [unknownCode, receiptKey],
    ]) {
      const refused = await (await server.client()).post('/api/track', { reference: code, receiptKey: key });
      expect({ code, key, status: refused.status, error: refused.body.error?.code }).toEqual({ code, key, status: 404, error: 'not_found' });
    }
    // What cannot be a key at all is named beside the field before any key is checked.
    const notAKey = await (await server.client()).post('/api/track', { reference: provisionalCode, receiptKey: 'NO-ES-LA-CLAVE' });
    expect(notAKey.status).toBe(400);
    expect(notAKey.body.error.fields).toEqual([{ field: 'receiptKey', message: expect.stringContaining('16 letras y números') }]);
  });

  it('When a device key already opens one case and another complaint comes with it, Then the second is refused beside the key field and nothing is stored', async () => {
    const receiptKey = newDeviceReceiptKey();
    await fileComplaint(await server.client(), anonymous({ receiptKey, provisionalCode: newProvisionalCode() }));
    const before = await countCases();
    // Typed differently, it is still the same key.
    const reused = await (
      await server.client()
    ).post(
      '/api/complaints',
      anonymous(
        { receiptKey: receiptKey.toLowerCase().replace(/-/g, ' '), provisionalCode: newProvisionalCode() },
        { whatHappened: 'Otra queja distinta que intenta llevarse la misma clave del recibo.' },
      ),
    );
    expect(reused.status).toBe(409);
    expect(reused.body.error).toEqual({
      code: 'receipt_key_reused',
      message: expect.stringContaining('ya pertenece a otra queja'),
      fields: [{ field: 'deviceReceipt.receiptKey', message: 'Esta clave de recibo ya pertenece a otra queja: el teléfono debe hacer una clave nueva.' }],
    });
    expect(await countCases()).toBe(before);
  });

  it("When a device key is malformed or too weak, or the provisional code is not one, Then a field error in the caller's language says so and nothing is stored", async () => {
    const before = await countCases();
    const strong = newDeviceReceiptKey();
    const cases: [Record<string, string>, string, string][] = [
      [
        { receiptKey: strong.slice(0, 14), provisionalCode: newProvisionalCode() },
        'deviceReceipt.receiptKey',
        'La clave de recibo debe tener 16 letras y números',
      ],
      [
        { receiptKey: `Ñ${strong.slice(1)}`, provisionalCode: newProvisionalCode() },
        'deviceReceipt.receiptKey',
        'La clave de recibo debe tener 16 letras y números',
      ],
      [{ receiptKey: 'AAAA-AAAA-BBBB-BBBB', provisionalCode: newProvisionalCode() }, 'deviceReceipt.receiptKey', 'demasiado fácil de adivinar'],
      [{ receiptKey: 'ABCD-ABCD-ABCD-ABCD', provisionalCode: newProvisionalCode() }, 'deviceReceipt.receiptKey', 'demasiado fácil de adivinar'],
      [{ receiptKey: newDeviceReceiptKey(), provisionalCode: 'CES-2026-000123' }, 'deviceReceipt.provisionalCode', 'código provisional'],
    ];
    for (const [deviceReceipt, field, words] of cases) {
      const res = await (await server.client()).post('/api/complaints', anonymous(deviceReceipt as FileComplaintRequest['deviceReceipt']));
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([{ field, message: expect.stringContaining(words) }]);
    }
    const english = await (await server.client('en')).post('/api/complaints', anonymous({ receiptKey: 'short', provisionalCode: newProvisionalCode() }));
    expect(english.body.error.fields).toEqual([
      { field: 'deviceReceipt.receiptKey', message: expect.stringContaining('The receipt key must have 16 letters and digits') },
    ]);
    expect(await countCases()).toBe(before);
  });

  it('When a visitor on a facilitator-less phone files a named complaint with a device receipt, Then the person can follow it with the key like any anonymous filer', async () => {
    const receiptKey = newDeviceReceiptKey();
    const provisionalCode = newProvisionalCode();
    const filed = await fileComplaint(await server.client(), buildComplaint(mechanism, { deviceReceipt: { receiptKey, provisionalCode } }));
    const tracked = await (await server.client()).post('/api/track', { reference: provisionalCode, receiptKey });
    expect(tracked.status).toBe(200);
    expect(tracked.body.id).toBe(filed.caseId);
    expect(tracked.body.complainantName).toBe('Ana Mercedes Toro');
  });

  it('When a queue sends a complaint for an account whose session has ended, or for a visitor while someone is logged in, Then it is refused with 401 and nothing is filed', async () => {
    const facilitator = await server.loginAs(DEMO.facilitator);
    const me = (await facilitator.get('/api/session')).body.user.id as string;
    const before = await countCases();
    const visitor = await server.client();
    const forFacilitator = buildComplaint(mechanism, { contactPreference: 'facilitator', onBehalf: { personConsented: true, how: 'verbal' } });
    const expired = await visitor.agent
      .post('/api/complaints')
      .set('x-csrf-token', (await visitor.refreshSession()).body.csrfToken)
      .set('x-expected-filer', me)
      .send(forFacilitator);
    expect(expired.status).toBe(401);
    const asVisitor = await facilitator.agent
      .post('/api/complaints')
      .set('x-csrf-token', (await facilitator.refreshSession()).body.csrfToken)
      .set('x-expected-filer', 'visitor')
      .send(buildComplaint(mechanism));
    expect(asVisitor.status).toBe(401);
    expect(await countCases()).toBe(before);

    const right = await facilitator.agent
      .post('/api/complaints')
      .set('x-csrf-token', (await facilitator.refreshSession()).body.csrfToken)
      .set('x-expected-filer', me)
      .send(forFacilitator);
    expect(right.status).toBe(201);
  });

  describe('files resent by a send queue', () => {
    const upload = async (client: TestClient, caseId: string, key: string | null, files = [JPEG]) => {
      const session = await client.refreshSession();
      let req = client.agent.post(`/api/cases/${caseId}/attachments${key ? `?key=${key}` : ''}`).set('x-csrf-token', session.body.csrfToken);
      for (const bytes of files) req = req.attach('file', bytes, { filename: 'foto.jpg', contentType: 'image/jpeg' });
      return req;
    };
    const fileRows = async (caseId: string) => (await server.db.one<{ n: number }>('SELECT count(*) AS n FROM attachments WHERE case_id = $1', [caseId])).n;

    it('When the same file is sent again with its key (the answer was lost), or twice at once, Then it is kept once and every answer names it', async () => {
      const visitor = await server.client();
      const filed = await fileComplaint(visitor, anonymous({ receiptKey: newDeviceReceiptKey(), provisionalCode: newProvisionalCode() }));
      const key = crypto.randomUUID();
      const first = await upload(visitor, filed.caseId, key);
      expect(first.status).toBe(201);
      const again = await upload(visitor, filed.caseId, key);
      expect(again.status).toBe(200);
      expect(again.body.attachments.map((a: { id: string }) => a.id)).toEqual([first.body.attachments[0].id]);

      const raceKey = crypto.randomUUID();
      const raced = await Promise.all([upload(visitor, filed.caseId, raceKey), upload(visitor, filed.caseId, raceKey)]);
      expect(raced.map((r) => r.status).sort()).toEqual(expect.arrayContaining([201]));
      expect(new Set(raced.map((r) => r.body.attachments[0].id)).size).toBe(1);
      expect(await fileRows(filed.caseId)).toBe(2);

      // Without a key nothing is deduplicated (a person may attach the same photo twice on purpose); with a key, one file only.
      expect((await upload(visitor, filed.caseId, null)).status).toBe(201);
      const two = await upload(visitor, filed.caseId, crypto.randomUUID(), [JPEG, JPEG]);
      expect(two.status).toBe(400);
      expect(two.body.error.fields).toEqual([{ field: 'file', message: 'Envíe un solo archivo con cada clave de envío.' }]);
      expect(await fileRows(filed.caseId)).toBe(3);

      // The key proves nothing by itself: another session still cannot attach, resend or not.
      const stranger = await server.client();
      const refused = await upload(stranger, filed.caseId, key);
      expect(refused.status).toBe(401);
      const liaison = await server.loginAs(DEMO.liaisonValle);
      expect((await upload(liaison, filed.caseId, key)).status).toBe(404);
    });
  });
});
