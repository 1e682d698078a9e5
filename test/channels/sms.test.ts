/**
 * Complaints by SMS through a gateway (docs/channels.md), end to end: a real HTTP server stands in for
 * Twilio and the Android gateway app, posting signed webhooks to Puente and recording what Puente asks
 * it to send; the liaison uses the real API and socket.
 */
import { DEMO, collect, connected, getTestServer, eventWhere, openedOutbox, type TestServer } from '../support';
import { buildComplaint, fileComplaint, loadMechanism } from '../intakeSupport';
import { captureLogs } from '../logCapture';
import { sendDueChannelMessages } from '../../server/jobs/channelOutboxSender';
import { FakeGateway } from './fakeGateway';
import { waitFor } from '../waitFor';
import { forChannel } from '../../server/channels/smsText';
import { RECEIPT_KEY_PATTERN } from '../../shared/receiptKey';
import { DEMO_RECEIPT_KEY } from '../../server/db/demoData';

/** A text as it reaches a phone by SMS (folded to GSM-7). */
const sms = (text: string) => forChannel(text, 'sms');
import type { CaseDetailDto } from '../../shared/types/intake';
import type { CaseDeadlinesDto } from '../../shared/types/deadlines';
import type { MessageDto } from '../../shared/types/dialogue';

const PHONE = '+573114445566';

describe('Complaints by SMS', () => {
  const gateway = new FakeGateway();
  let server: TestServer;
  // Every log line written while the describe runs: the last test checks no phone number is in one.
  const logLines = captureLogs();

  beforeAll(async () => {
    await gateway.start();
    server = await getTestServer({ config: { channelGateways: gateway.configs(), channelMessagesPerNumber: 25 } });
  });
  afterAll(async () => {
    await server.close();
    await gateway.stop();
  });

  /** Sends `text` from `phone` by SMS and returns what Puente answered (after its outbox ran). */
  async function say(phone: string, text: string): Promise<string[]> {
    const res = await gateway.twilioInbound(server.url, { from: phone, body: text });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Response>');
    await sendDueChannelMessages(server.app.ctx, 100);
    return gateway.takeFor(phone).map((m) => m.body);
  }

  /** The number in front of `label` in a menu that may take several pages ("0" for more). */
  async function choose(phone: string, menu: string[], name: string): Promise<string[]> {
    // The name as it reaches the phone (letters outside GSM-7 folded), dots taken literally.
    const label = sms(name).replace(/[.]/g, '\\.');
    let page = menu.join('\n');
    for (let i = 0; i < 6 && !new RegExp(`^\\d+ ${label}`, 'm').test(page); i++) page = (await say(phone, '0')).join('\n');
    expect(page).toMatch(new RegExp(`^\\d+ ${label}`, 'm'));
    return say(phone, new RegExp(`^(\\d+) ${label}`, 'm').exec(page)![1]!);
  }

  it('When a person files by SMS, Then the liaison sees it live, the reply reaches the phone, the SMS answer appears live in the thread, and deadlines run as for a web complaint; the confidential number and name reach no liaison response, socket message, e-mail or export', async () => {
    const liaison = await server.loginAs(DEMO.liaisonPerija);
    const socket = liaison.socket();
    // The identity canary (#14): everything the liaison receives, kept to be searched at the end.
    const seenByLiaison: string[] = [];
    socket.onAny((event: string, payload: unknown) => seenByLiaison.push(`socket ${event} ${JSON.stringify(payload)}`));
    const seen = <T extends { status: number; body: unknown; text?: string }>(res: T): T => {
      seenByLiaison.push(`${res.status} ${res.text ?? JSON.stringify(res.body)}`);
      return res;
    };
    await connected(socket);
    const changed = collect<{ caseId: string; reference: string }>(socket, 'cases.changed');
    try {
      const welcome = await say(PHONE, 'Hola');
      expect(welcome[0]).toContain('1 Poner una queja');
      const categories = await say(PHONE, '1');
      expect(categories[0]).toMatch(/^¿Sobre qué es su queja\?/);
      for (const text of categories) expect(text.length).toBeLessThanOrEqual(160);
      const municipalities = await choose(PHONE, categories, 'Aire y polvo');
      expect(municipalities[0]).toContain('municipio');
      // A name typed in full is understood as well as its number.
      const veredas = await say(PHONE, 'La Jagua de Ibirico');
      const companies = await choose(PHONE, veredas, 'Boquerón');
      expect(companies[0]).toContain('empresa');
      const identity = await choose(PHONE, companies, 'Carbones del Perijá S.A.S.');
      expect(identity[0]).toContain('2 Reservado');
      // Anything unexpected gets a hint and the same question again.
      const again = await say(PHONE, 'no sé qué poner');
      expect(again[0]).toContain(sms('No entendí'));
      expect(again[1]).toBe(identity[0]);
      expect(await say(PHONE, '2')).toEqual([expect.stringContaining('nombre')]);
      const push = await say(PHONE, 'Rosa Elvira Mindiola');
      expect(push[0]).toContain(sms('Si otras personas usan este teléfono'));
      expect((await say(PHONE, '1'))[0]).toContain('LISTO');
      expect(await say(PHONE, 'Desde el lunes cae polvo de carbón sobre las casas de Boquerón.')).toEqual([expect.stringContaining('Recibido')]);
      await say(PHONE, 'Los niños tosen de noche y el agua del tanque está negra.');
      const consent = await say(PHONE, 'LISTO');
      expect(consent[0]).toContain('/presentar-queja');
      expect(consent[1]).toContain('Ley 1581');
      const receipt = await say(PHONE, '1');
      const reference = /Queja recibida: (CES-\d{4}-\d{6})/.exec(receipt[0]!)?.[1];
      const key = /Clave secreta: (\S+)/.exec(receipt[0]!)?.[1];
      expect(reference).toBeDefined();
      // The one key pattern (shared/receiptKey.ts): keys may now hold 0 and 1.
      expect(key).toMatch(RECEIPT_KEY_PATTERN);
      expect(receipt[1]).toContain(sms('Le avisaremos aquí'));

      // The liaison's screen heard of it live, and the case is the one told by SMS.
      await waitFor(() => changed.some((e) => e.reference === reference));
      const list = seen(await liaison.get('/api/cases'));
      const summary = list.body.cases.find((c: { reference: string }) => c.reference === reference);
      expect(summary).toBeDefined();
      const detail = seen(await liaison.get(`/api/cases/${summary.id}`)).body as CaseDetailDto;
      expect(detail.categories.map((c) => c.code)).toEqual(['air_dust']);
      expect(detail.municipality.name).toBe('La Jagua de Ibirico');
      expect(detail.vereda?.name).toBe('Boquerón');
      expect(detail.company?.name).toBe('Carbones del Perijá S.A.S.');
      expect(detail.identityMode).toBe('confidential');
      expect(detail.complainantName).toBeNull();
      expect(detail.whatHappened).toContain('polvo de carbón sobre las casas');
      expect(detail.whatHappened).toContain('agua del tanque está negra');
      const deadlines = seen(await liaison.get(`/api/cases/${summary.id}/deadlines`)).body as CaseDeadlinesDto;
      expect(deadlines.deadlines.map((d) => d.stage)).toContain('acknowledge');
      // The same deadlines, due the same days, as a complaint filed on the web at the same moment.
      const web = await fileComplaint(await server.client(), buildComplaint(await loadMechanism(server), { companyId: summary.company.id }));
      const webDeadlines = seen(await liaison.get(`/api/cases/${web.caseId}/deadlines`)).body as CaseDeadlinesDto;
      const due = (d: CaseDeadlinesDto) => d.deadlines.map((x) => [x.stage, x.startedOn, x.baseDays, x.dueOn, x.responsible]);
      expect(due(deadlines)).toEqual(due(webDeadlines));
      // The ombudsman sees who it is after a reveal with a reason (#15 §2), with the phone as contact.
      const ombudsman = await server.loginAs(DEMO.ombudsman);
      expect((await ombudsman.post(`/api/cases/${summary.id}/identity-reveals`, { reason: 'Llamarla por la queja enviada por SMS' })).status).toBe(201);
      const forOmbudsman = (await ombudsman.get(`/api/cases/${summary.id}`)).body as CaseDetailDto;
      expect(forOmbudsman.complainantName).toBe('Rosa Elvira Mindiola');
      expect(forOmbudsman.contactPreference).toBe('phone');

      // The liaison answers in the thread: it reaches the phone.
      const joined = await new Promise<{ ok: boolean }>((resolve) => socket.emit('case.join', { caseId: summary.id }, resolve));
      expect(joined.ok).toBe(true);
      const posted = seen(
        await liaison.post(`/api/cases/${summary.id}/messages`, {
          body: 'Mañana visitamos Boquerón con el equipo ambiental.',
          visibility: 'parties',
          clientKey: 'liaison-reply-1',
        }),
      );
      expect(posted.status).toBe(201);
      await sendDueChannelMessages(server.app.ctx, 100);
      const relayed = gateway.takeFor(PHONE);
      expect(relayed).toHaveLength(1);
      expect(relayed[0]!.body).toContain(reference!);
      expect(relayed[0]!.body).toContain(sms('Carbones del Perijá S.A.S.'));
      expect(relayed[0]!.body).toContain(sms('Mañana visitamos Boquerón con el equipo ambiental.'));

      // The person answers by SMS: it appears live in the liaison's thread.
      // The liaison's own message is pushed too (across servers on PostgreSQL it may still be on its way).
      const live = eventWhere<MessageDto>(socket, 'case.message', (m) => m.body === 'Gracias, los esperamos en la escuela.');
      expect(await say(PHONE, 'Gracias, los esperamos en la escuela.')).toEqual([expect.stringContaining(reference!)]);
      const entry = await live;
      expect(entry.body).toBe('Gracias, los esperamos en la escuela.');
      expect(entry.authorName).toBeNull();

      // ESTADO with the key answers the status and the next deadline.
      const status = await say(PHONE, `estado ${reference} ${key!.toLowerCase().replace(/-/g, ' ')}`);
      expect(status[0]).toContain(`${reference}: Recibida`);
      expect(status[0]).toContain(sms('Próximo plazo'));

      // The canary: the number (in any spelling) and the name of this confidential complainant are in
      // nothing the liaison received, no e-mail Puente wrote, and no export of the case.
      seen(await liaison.get(`/api/cases/${summary.id}/dialogue`));
      seen(await liaison.get(`/api/cases/${summary.id}`));
      const emails = await openedOutbox(server);
      expect(emails.length).toBeGreaterThan(0);
      const exported = (await ombudsman.get('/api/oversight/export.csv')).text;
      expect(exported).toContain(reference!);
      expect(seenByLiaison.some((line) => line.includes(reference!))).toBe(true);
      expect(seenByLiaison.some((line) => line.startsWith('socket '))).toBe(true);
      const everything = [...seenByLiaison, ...emails.map((e) => JSON.stringify(e)), exported].join('\n');
      for (const canary of ['3114445566', '311 444 5566', '311-444-5566', '4445566', 'Rosa Elvira Mindiola']) expect(everything).not.toContain(canary);
    } finally {
      socket.close();
    }
  });

  it('When ESTADO names an unknown reference or a wrong key, Then both answers are the same', async () => {
    const other = '+573001112233';
    const { reference } = await server.db.one<{ reference: string }>(`SELECT reference FROM cases ORDER BY created_at LIMIT 1`);
    const wrongKey = await say(other, `ESTADO ${reference} ABCD-EFGH-JKMN-PQRS`);
    const missing = await say(other, 'ESTADO CES-2099-999999 ABCD-EFGH-JKMN-PQRS');
    expect(wrongKey).toEqual(missing);
    expect(wrongKey[0]).toContain('No encontramos');
  });

  it('When a phone keeps guessing a key with ESTADO, Then it is made to wait as a web guesser is, and the right key from the owner’s phone still gets in', async () => {
    // A demo case followed with the demo key (anonymous and received: the seed gives it that key).
    const { reference } = await server.db.one<{ reference: string }>(
      `SELECT reference FROM cases WHERE receipt_key_hash IS NOT NULL AND provisional_code IS NULL ORDER BY created_at LIMIT 1`,
    );
    const guesser = '+573005550001';
    // The reference's free wrong guesses (from anyone, web tracking included) are spent; the next one makes this phone wait.
    for (let n = 0; n < 6; n += 1) expect((await say(guesser, `ESTADO ${reference} ABCD-EFGH-JKMN-PQR${n}`))[0]).toContain('No encontramos');
    expect(await say(guesser, `ESTADO ${reference} ${DEMO_RECEIPT_KEY}`)).toEqual([sms('Demasiados intentos. Espere 1 segundo e intente de nuevo.')]);
    // The owner, from another phone, typing O for 0 as the paper may show it, is not locked out.
    const owner = await say('+573005550002', `ESTADO ${reference} ${DEMO_RECEIPT_KEY.toLowerCase()}`);
    expect(owner[0]).toContain(`${reference}: `);
  });

  it('When a webhook is forged or unsigned, Then it is refused with 403 and nothing is stored', async () => {
    const counts = () =>
      server.db.one<{ inbound: number; contacts: number; outbox: number }>(
        `SELECT (SELECT count(*) FROM channel_inbound) AS inbound, (SELECT count(*) FROM channel_contacts) AS contacts, (SELECT count(*) FROM channel_outbox) AS outbox`,
      );
    const before = await counts();
    const forged = await gateway.twilioInbound(server.url, { from: '+573009998877', body: 'QUEJA' }, { signature: 'bm90IGEgc2lnbmF0dXJlIGF0IGFsbA==' });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('webhook_signature_invalid');
    const unsigned = await gateway.twilioInbound(server.url, { from: '+573009998877', body: 'QUEJA' }, { signature: null });
    expect(unsigned.status).toBe(403);
    const androidForged = await gateway.androidInbound(server.url, { from: '+573009998877', body: 'QUEJA' }, server.clock.now(), { signingKey: 'not-the-key' });
    expect(androidForged.status).toBe(403);
    // A real signature replayed an hour later is refused too.
    const replayed = await gateway.androidInbound(server.url, { from: '+573009998877', body: 'QUEJA' }, new Date(server.clock.now().getTime() - 3_600_000));
    expect(replayed.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('When the Android gateway app brings an SMS, Then the answer goes back through the app’s HTTP API with its credentials', async () => {
    const phone = '+573204445566';
    const res = await gateway.androidInbound(server.url, { from: '3204445566', body: 'Hola' }, server.clock.now());
    expect(res.status).toBe(200);
    // The app retries a webhook it got no answer to: the same event is handled once.
    expect((await gateway.androidInbound(server.url, { from: '3204445566', body: 'AYUDA', id: 'repeat-1' }, server.clock.now())).status).toBe(200);
    expect((await gateway.androidInbound(server.url, { from: '3204445566', body: 'AYUDA', id: 'repeat-1' }, server.clock.now())).status).toBe(200);
    await sendDueChannelMessages(server.app.ctx, 100);
    const sent = gateway.takeFor(phone);
    // The welcome, then the help and the question again — once.
    expect(sent.map((m) => m.body)).toEqual([
      expect.stringContaining('1 Poner una queja'),
      expect.stringContaining(sms('Conteste con el número')),
      expect.stringContaining('1 Poner una queja'),
    ]);
    expect(sent.every((m) => m.gateway === 'android' && m.id?.startsWith('puente-'))).toBe(true);
  });

  it('When one number floods, Then it is told once to wait and the rest is not handled', async () => {
    const phone = '+573127778899';
    for (let i = 0; i < 30; i++) expect((await gateway.twilioInbound(server.url, { from: phone, body: `mensaje ${i}` })).status).toBe(200);
    await sendDueChannelMessages(server.app.ctx, 100);
    const answers = gateway.takeFor(phone).map((m) => m.body);
    expect(answers.filter((a) => a.includes('muchos mensajes seguidos'))).toHaveLength(1);
    // 25 allowed: the menu, then a hint and the menu again for each unexpected answer (2 each).
    expect(answers.length).toBe(1 + 24 * 2 + 1);
    server.clock.advance(11 * 60 * 1000);
    expect((await say(phone, 'AYUDA'))[0]).toContain(sms('Conteste con el número'));
  });

  it('When a message is longer than one SMS conversation can hold (1,600 characters), Then it is refused with a message saying so, once, and the conversation goes on', async () => {
    const phone = '+573148887766';
    await say(phone, 'Hola');
    const cases = async () => (await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM cases`)).n;
    const before = await cases();
    const long = 'El polvo del patio de carbón entra a las casas. '.repeat(40);
    expect(long.length).toBeGreaterThan(1600);
    const sid = `SM${'e1'.repeat(16)}`;
    expect((await gateway.twilioInbound(server.url, { from: phone, body: long, sid })).status).toBe(200);
    // The gateway retrying the same message gets no second answer.
    expect((await gateway.twilioInbound(server.url, { from: phone, body: long, sid })).status).toBe(200);
    await sendDueChannelMessages(server.app.ctx, 100);
    expect(gateway.takeFor(phone).map((m) => m.body)).toEqual([
      sms('Su mensaje es muy largo (más de 1600 letras) y no se guardó. Envíelo en partes más cortas.'),
    ]);
    expect(await cases()).toBe(before);
    expect((await say(phone, '1'))[0]).toContain(sms('¿Sobre qué es su queja?'));
  });

  it('When a number sends SALIR, Then it is told once and never messaged again, even when its case is answered, until it writes VOLVER', async () => {
    const phone = '+573135556677';
    await say(phone, 'QUEJA');
    expect(await say(phone, 'Salir')).toEqual([expect.stringContaining(sms('no le enviaremos más mensajes'))]);
    expect(await say(phone, 'hola?')).toEqual([]);
    expect(await say(phone, 'ESTADO CES-2026-000001 ABCD-EFGH-JKMN-PQRS')).toEqual([]);
    expect((await say(phone, 'VOLVER'))[0]).toContain('1 Poner una queja');
  });

  it('When the gateway is down, Then messages wait in the outbox and are delivered exactly once when it returns', async () => {
    const phone = '+573146667788';
    gateway.down = true;
    await gateway.twilioInbound(server.url, { from: phone, body: 'Hola' });
    expect(await sendDueChannelMessages(server.app.ctx)).toMatchObject({ sent: 0, retried: 1 });
    expect(await server.db.one(`SELECT status, attempts FROM channel_outbox WHERE kind = 'conversation' ORDER BY id DESC LIMIT 1`)).toEqual({
      status: 'pending',
      attempts: 1,
    });
    // Not due again before its backoff.
    expect(await sendDueChannelMessages(server.app.ctx)).toMatchObject({ sent: 0, retried: 0 });
    gateway.down = false;
    server.clock.advance(60 * 1000);
    const [a, b] = await Promise.all([sendDueChannelMessages(server.app.ctx), sendDueChannelMessages(server.app.ctx)]);
    expect(a.sent + b.sent).toBe(1);
    server.clock.advance(24 * 60 * 60 * 1000);
    expect(await sendDueChannelMessages(server.app.ctx)).toMatchObject({ sent: 0 });
    expect(gateway.takeFor(phone)).toHaveLength(1);
  });

  it('When a gateway id is not configured, Then its webhook answers 404', async () => {
    const res = await gateway.twilioInbound(server.url, { from: PHONE, body: 'Hola' }, { gatewayId: 'otra' });
    expect(res.status).toBe(404);
  });

  it('When the gateway delivers the message that files a complaint twice at once, Then one case is filed and one receipt sent', async () => {
    const phone = '+573158889900';
    await say(phone, 'Hola');
    const categories = await say(phone, '1');
    const municipalities = await choose(phone, categories, 'Aire y polvo');
    expect(municipalities[0]).toContain('municipio');
    const veredas = await say(phone, 'La Jagua de Ibirico');
    const companies = await choose(phone, veredas, 'No sé / otra');
    const identity = await choose(phone, companies, 'No sé');
    expect(identity[0]).toContain('3 ');
    expect((await say(phone, '3'))[0]).toContain(sms('anónima'));
    await say(phone, '2');
    await say(phone, 'El camión de la mina tumbó la cerca del potrero anoche.');
    expect((await say(phone, 'LISTO'))[1]).toContain('Ley 1581');
    const cases = async () => (await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM cases`)).n;
    const before = await cases();
    const sid = `SM${'d0'.repeat(16)}`;
    const [a, b] = await Promise.all([
      gateway.twilioInbound(server.url, { from: phone, body: '1', sid }),
      gateway.twilioInbound(server.url, { from: phone, body: '1', sid }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // And once more after it was handled, as a gateway that got no answer in time retries.
    expect((await gateway.twilioInbound(server.url, { from: phone, body: '1', sid })).status).toBe(200);
    expect(await cases()).toBe(before + 1);
    await sendDueChannelMessages(server.app.ctx, 100);
    const receipts = gateway.takeFor(phone).filter((m) => m.body.includes('Queja recibida'));
    expect(receipts).toHaveLength(1);
    const reference = /(CES-\d{4}-\d{6})/.exec(receipts[0]!.body)![1]!;
    expect(await server.db.one(`SELECT identity_mode AS mode FROM cases WHERE reference = $1`, [reference])).toEqual({ mode: 'anonymous' });
  });

  it('When a red-flag category is filed by SMS, Then it goes straight to the ombudsman as on the web: the company sees nothing of it', async () => {
    const phone = '+573172223344';
    await say(phone, 'Hola');
    const categories = await say(phone, '1');
    const municipalities = await choose(phone, categories, 'Seguridad y derechos humanos');
    // The person is told at once where it goes, then asked on.
    expect(municipalities[0]).toContain(sms('directo a la Defensoría del Pueblo'));
    expect(municipalities[1]).toContain('municipio');
    const veredas = await say(phone, 'La Jagua de Ibirico');
    const companies = await choose(phone, veredas, 'No sé / otra');
    const identity = await choose(phone, companies, 'Carbones del Perijá S.A.S.');
    expect((await say(phone, '3'))[0]).toContain(sms('anónima'));
    await say(phone, '2');
    await say(phone, 'Hombres armados de la vigilancia de la mina amenazaron a los de la junta.');
    expect((await say(phone, 'LISTO'))[1]).toContain('Ley 1581');
    const receipt = await say(phone, '1');
    const reference = /Queja recibida: (CES-\d{4}-\d{6})/.exec(receipt[0]!)![1]!;
    expect(identity[0]).toContain('3 ');
    const { id } = await server.db.one<{ id: string }>(`SELECT id FROM cases WHERE reference = $1`, [reference]);

    const liaison = await server.loginAs(DEMO.liaisonPerija);
    expect((await liaison.get(`/api/cases/${id}`)).status).toBe(404);
    expect((await liaison.get('/api/cases')).body.cases.some((c: { id: string }) => c.id === id)).toBe(false);
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    const seen = (await ombudsman.get(`/api/cases/${id}`)).body as CaseDetailDto;
    expect(seen.categories.map((c) => c.code)).toEqual(['security_human_rights']);
    expect(seen.company?.name).toBe('Carbones del Perijá S.A.S.');
    expect(seen.redFlag).toBe(true);
    expect(seen.allowedOperations).toContain('release_red_flag');
  });

  it('When a message is refused for good, Then the admin sees it failed without its text or number, and a retry reaches the phone once; others get 401 or 404', async () => {
    const phone = '+573169990011';
    gateway.refusing = true;
    await gateway.twilioInbound(server.url, { from: phone, body: 'Hola' });
    expect(await sendDueChannelMessages(server.app.ctx, 100)).toMatchObject({ failed: 1, sent: 0 });
    gateway.refusing = false;
    const admin = await server.loginAs(DEMO.admin);
    const list = await admin.get('/api/admin/channel-outbox?status=failed');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const [entry] = list.body.entries;
    expect(entry).toMatchObject({ channel: 'sms', kind: 'conversation', status: 'failed', attempts: 1, lastError: expect.stringContaining('400') });
    expect(JSON.stringify(list.body)).not.toMatch(/3169990011|Poner una queja/);

    const anonymous = await server.client();
    expect((await anonymous.get('/api/admin/channel-outbox')).status).toBe(401);
    expect((await anonymous.post(`/api/admin/channel-outbox/${entry.id}/retry`)).status).toBe(401);
    for (const email of [DEMO.liaisonPerija, DEMO.ombudsman]) {
      const someone = await server.loginAs(email);
      expect((await someone.get('/api/admin/channel-outbox')).status).toBe(404);
      expect((await someone.post(`/api/admin/channel-outbox/${entry.id}/retry`)).status).toBe(404);
      expect((await someone.post('/api/admin/channel-outbox/retry-all')).status).toBe(404);
    }
    // A mechanism the admin does not manage looks like a missing one.
    expect((await admin.get(`/api/admin/channel-outbox?mechanismId=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)).status).toBe(404);
    expect(gateway.takeFor(phone)).toEqual([]);

    const retried = await admin.post(`/api/admin/channel-outbox/${entry.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: entry.id, status: 'pending', attempts: 0 });
    expect(await sendDueChannelMessages(server.app.ctx, 100)).toMatchObject({ sent: 1 });
    server.clock.advance(24 * 60 * 60 * 1000);
    await sendDueChannelMessages(server.app.ctx, 100);
    expect(gateway.takeFor(phone).map((m) => m.body)).toEqual([expect.stringContaining('1 Poner una queja')]);
  });

  it('When all of the above is done, Then no phone number is in any log line nor readable anywhere in the database', async () => {
    const numbers = (await server.db.query<{ n: number }>(`SELECT count(*) AS n FROM channel_contacts`))[0]!.n;
    expect(numbers).toBeGreaterThanOrEqual(8);
    // Each number as the gateways gave it, in its national ten digits (what a form would hold).
    const national = ['3114445566', '3001112233', '3204445566', '3127778899', '3135556677', '3146667788', '3158889900', '3169990011', '3172223344'];
    expect(logLines.length).toBeGreaterThan(20);
    for (const line of logLines) for (const n of national) expect(line).not.toContain(n);
    const tables = await server.db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const pattern = national.join('|');
    const found: string[] = [];
    for (const { name } of tables) {
      const { n } = await server.db.one<{ n: number }>(`SELECT count(*) AS n FROM "${name}" t WHERE t::text ~ $1`, [pattern]);
      if (n > 0) found.push(name);
    }
    expect(found).toEqual([]);
    // The search itself finds a number where one is written in the clear.
    expect(await server.db.one(`SELECT count(*) AS n FROM (SELECT '{"phone": "+573114445566"}'::text AS t) x WHERE x.t ~ $1`, [pattern])).toEqual({ n: 1 });
  });
});

describe('A gateway flooded from many numbers at once', () => {
  it('When more messages arrive through one gateway in a minute than it allows, Then each number past the limit is told once to write later, nothing of theirs is handled, and a minute later they are answered', async () => {
    const gateway = new FakeGateway();
    await gateway.start();
    const server = await getTestServer({ config: { channelGateways: gateway.configs(), channelMessagesPerGateway: 5 } });
    try {
      const phones = Array.from({ length: 7 }, (_, i) => `+57317000100${i}`);
      for (const phone of phones) expect((await gateway.twilioInbound(server.url, { from: phone, body: 'Hola' })).status).toBe(200);
      // The sixth number writes again within the minute: it was told already.
      expect((await gateway.twilioInbound(server.url, { from: phones[5]!, body: 'Hola?' })).status).toBe(200);
      await sendDueChannelMessages(server.app.ctx, 100);
      const answers = phones.map((phone) => gateway.takeFor(phone).map((m) => m.body));
      for (const answer of answers.slice(0, 5)) expect(answer).toEqual([expect.stringContaining('1 Poner una queja')]);
      const busy = sms('Puente está recibiendo demasiados mensajes en este momento. Escriba de nuevo en unos minutos.');
      expect(answers.slice(5)).toEqual([[busy], [busy]]);

      server.clock.advance(61 * 1000);
      expect((await gateway.twilioInbound(server.url, { from: phones[6]!, body: 'Hola' })).status).toBe(200);
      await sendDueChannelMessages(server.app.ctx, 100);
      expect(gateway.takeFor(phones[6]!).map((m) => m.body)).toEqual([expect.stringContaining('1 Poner una queja')]);
    } finally {
      await server.close();
      await gateway.stop();
    }
  });
});

describe('Channels without configuration', () => {
  it('When no gateway is configured, Then the webhook routes answer 404 and nothing is stored', async () => {
    const gateway = new FakeGateway();
    await gateway.start();
    const server = await getTestServer();
    try {
      expect((await gateway.twilioInbound(server.url, { from: PHONE, body: 'Hola' })).status).toBe(404);
      expect((await gateway.androidInbound(server.url, { from: PHONE, body: 'Hola' }, server.clock.now())).status).toBe(404);
      expect(await server.db.one(`SELECT count(*) AS n FROM channel_contacts`)).toEqual({ n: 0 });
    } finally {
      await server.close();
      await gateway.stop();
    }
  });
});
