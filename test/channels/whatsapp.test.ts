/**
 * Complaints by WhatsApp with photos and voice notes (docs/channels.md): the fake gateway serves the
 * files behind Twilio's credentials, Puente downloads them and checks them by content like every
 * upload, and the liaison gets them as attachments of the case.
 */
import { DEMO, getTestServer, type TestServer } from '../support';
import { sendDueChannelMessages } from '../../server/jobs/channelOutboxSender';
import { FakeGateway } from './fakeGateway';
import type { CaseDetailDto } from '../../shared/types/intake';

const PHONE = '+573175554433';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(2000, 7)]);
const OGG = Buffer.concat([Buffer.from('OggS\0\x02'), Buffer.alloc(22, 0), Buffer.from('OpusHead'), Buffer.alloc(1500, 3)]);
const MZ = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(1000, 0x90)]);

describe('Complaints by WhatsApp', () => {
  const gateway = new FakeGateway();
  let server: TestServer;

  beforeAll(async () => {
    await gateway.start();
    gateway.media.set('foto.jpg', { type: 'image/jpeg', bytes: JPEG });
    gateway.media.set('nota.ogg', { type: 'audio/ogg', bytes: OGG });
    gateway.media.set('programa.jpg', { type: 'image/jpeg', bytes: MZ });
    server = await getTestServer({ config: { channelGateways: gateway.configs() } });
  }, 60_000);
  afterAll(async () => {
    await server.close();
    await gateway.stop();
  });

  /** Sends a WhatsApp message (text and files) and returns what Puente answered. */
  async function say(text: string, media: { name: string; type: string }[] = []): Promise<string[]> {
    const res = await gateway.twilioInbound(server.url, { from: PHONE, body: text, whatsapp: true, media });
    expect(res.status).toBe(200);
    await sendDueChannelMessages(server.app.ctx, 100);
    const sent = gateway.takeFor(PHONE);
    expect(sent.every((m) => m.channel === 'whatsapp')).toBe(true);
    return sent.map((m) => m.body);
  }

  /** Answers a menu with the number in front of `label`, paging with 0 while it is not shown. */
  async function choose(menu: string[], label: string): Promise<string[]> {
    let page = menu.join('\n');
    const line = new RegExp(`^(\\d+) ${label.replace(/[.]/g, '\\.')}$`, 'm');
    for (let i = 0; i < 6 && !line.test(page); i++) page = (await say('0')).join('\n');
    expect(page).toMatch(line);
    return say(line.exec(page)![1]!);
  }

  it('When a photo and a voice note come with the story, Then both are attachments the liaison can download, and a renamed program is refused with a message', async () => {
    await say('Hola');
    const categories = await say('1');
    expect((await choose(categories, 'Agua'))[0]).toContain('municipio');
    const veredas = await say('La Jagua de Ibirico');
    const companies = await choose(veredas, 'Boquerón');
    const identity = await choose(companies, 'Carbones del Perijá S.A.S.');
    expect(identity[0]).toContain('Reservado');
    await say('2');
    await say('Rosa Elvira Mindiola');
    expect((await say('2'))[0]).toContain('notas de voz');
    expect(
      await say('', [
        { name: 'foto.jpg', type: 'image/jpeg' },
        { name: 'nota.ogg', type: 'audio/ogg' },
      ]),
    ).toEqual([expect.stringContaining('Archivo recibido')]);
    const refused = await say('', [{ name: 'programa.jpg', type: 'image/jpeg' }]);
    expect(refused[0]).toContain('No pudimos recibir ese archivo');
    await say('El agua del caño bajó negra desde el martes, así está en la foto.');
    await say('LISTO');
    const receipt = await say('1');
    const reference = /Queja recibida: (CES-\d{4}-\d{6})/.exec(receipt[0]!)?.[1];
    expect(reference).toBeDefined();

    const liaison = await server.loginAs(DEMO.liaisonPerija);
    const summary = (await liaison.get('/api/cases')).body.cases.find((c: { reference: string }) => c.reference === reference);
    const detail = (await liaison.get(`/api/cases/${summary.id}`)).body as CaseDetailDto;
    expect(detail.attachments.map((a) => [a.kind, a.mime]).sort()).toEqual([
      ['audio', 'audio/ogg'],
      ['photo', 'image/jpeg'],
    ]);
    const voice = detail.attachments.find((a) => a.kind === 'audio')!;
    const download = await liaison.getBytes(`/api/attachments/${voice.id}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toContain('audio/ogg');
    expect(Buffer.compare(download.body as Buffer, OGG)).toBe(0);
    // The program was never kept: only the two files are stored for the case.
    expect(await server.db.one(`SELECT count(*) AS n FROM attachments WHERE case_id = $1`, [summary.id])).toEqual({ n: 2 });
  });
});
