/**
 * Spoken help of the web intake (issue #14 §6): the demo ships a Spanish and an English clip for every
 * question, choice and the receipt; the admin lists, uploads, replaces and deletes clips per language;
 * the data policy has a short plain version.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO, getTestServer, type TestClient, type TestServer } from '../support';
import { loadMechanism } from '../intakeSupport';
import type { MechanismDto } from '../../shared/types/api';
import type { AdminClipListDto } from '../../shared/types/admin';
import { INTAKE_STEPS, intakeClipKeys, stepClipKey } from '../../shared/spokenHelp';
import { DEMO_CLIPS_DIR, demoClipTexts } from '../../server/db/demoSpokenHelp';

const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(300, 3)]);

/** The bytes of a binary answer. */
const bytesOf = (req: ReturnType<TestClient['get']>) =>
  req.buffer(true).parse((r, cb) => {
    const parts: Buffer[] = [];
    r.on('data', (c: Buffer) => parts.push(c));
    r.on('end', () => cb(null, Buffer.concat(parts)));
  });

describe('Spoken help at every intake step', () => {
  let server: TestServer;
  let mechanism: MechanismDto;
  let admin: TestClient;
  beforeAll(async () => {
    server = await getTestServer();
    mechanism = await loadMechanism(server);
    admin = await server.loginAs(DEMO.admin, 'en');
  });
  afterAll(async () => {
    await server.close();
  });

  /** PUT of a clip's bytes, as the admin screen or curl sends it. */
  const putClip = async (client: TestClient, language: string, key: string, bytes: Buffer, mechanismId = mechanism.id) => {
    const session = await client.refreshSession();
    return client.agent
      .put(`/api/admin/mechanisms/${mechanismId}/clips/${language}/${key}`)
      .set('x-csrf-token', session.body.csrfToken)
      .set('Accept-Language', client.language)
      .set('Content-Type', 'audio/ogg')
      .send(bytes);
  };

  it('When the demo form loads in Spanish or English, Then every step’s question, every choice and the receipt has a clip that plays as Opus audio', async () => {
    const clips = mechanism.spokenHelp.clips;
    expect(mechanism.spokenHelp.language).toBe('es');
    expect(Object.keys(clips).sort()).toEqual(intakeClipKeys(mechanism.categories.map((c) => c.code)).sort());
    const visitor = await server.client();
    for (const step of INTAKE_STEPS) {
      const res = await bytesOf(visitor.get(clips[stepClipKey(step)]!));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('audio/ogg');
      expect(res.headers['cache-control']).toContain('immutable');
      // An Ogg stream whose first codec page is Opus.
      expect((res.body as Buffer).subarray(0, 4).toString('latin1')).toBe('OggS');
      expect((res.body as Buffer).includes(Buffer.from('OpusHead'))).toBe(true);
    }
    // The committed recordings say the current words (the script makes them again when a text changes).
    for (const language of ['es', 'en'] as const) {
      const manifest = JSON.parse(fs.readFileSync(path.join(DEMO_CLIPS_DIR, language, 'manifest.json'), 'utf8'));
      expect(manifest).toEqual(demoClipTexts(language));
    }
    const english = (await (await server.client('en')).get('/api/mechanism')).body as MechanismDto;
    expect(english.spokenHelp.language).toBe('en');
    expect(Object.keys(english.spokenHelp.clips).sort()).toEqual(Object.keys(clips).sort());
    expect(english.spokenHelp.clips['step.what']).not.toBe(clips['step.what']);
    const spoken = await bytesOf(visitor.get(english.spokenHelp.clips['step.what']!));
    expect((spoken.body as Buffer).includes(Buffer.from('OpusHead'))).toBe(true);
  });

  it('When the admin lists the clips of a language, Then each key comes with what it should say in that language and the missing ones are named', async () => {
    const es = (await admin.get(`/api/admin/mechanisms/${mechanism.id}/clips?language=es`)).body as AdminClipListDto;
    expect(es.missing).toEqual([]);
    const en = (await admin.get(`/api/admin/mechanisms/${mechanism.id}/clips?language=en`)).body as AdminClipListDto;
    expect(en.missing).toEqual([]);
    expect(en.clips.find((c) => c.key === 'step.what')).toEqual({
      key: 'step.what',
      text: expect.stringContaining('What happened?'),
      recording: expect.objectContaining({ mime: 'audio/ogg' }),
    });
    expect(en.clips.find((c) => c.key === 'consent.summary')!.text).toContain('Law 1581 of 2012');
  });

  it('When the admin deletes a clip, uploads one and then replaces it, Then the form offers none, then plays each at a new address, and the key is no longer missing', async () => {
    const deleteClip = (key: string) => admin.delete(`/api/admin/mechanisms/${mechanism.id}/clips/en/${key}`);
    expect((await deleteClip('step.where')).status).toBe(204);
    expect((await deleteClip('step.where')).status).toBe(404);
    const without = (await (await server.client('en')).get('/api/mechanism')).body as MechanismDto;
    expect(without.spokenHelp.clips['step.where']).toBeUndefined();
    expect(((await admin.get(`/api/admin/mechanisms/${mechanism.id}/clips?language=en`)).body as AdminClipListDto).missing).toEqual(['step.where']);

    const first = await putClip(admin, 'en', 'step.where', OGG);
    expect(first.status).toBe(201);
    expect(first.body).toEqual(expect.objectContaining({ key: 'step.where', recording: expect.objectContaining({ mime: 'audio/ogg', size: OGG.length }) }));
    const form = (await (await server.client('en')).get('/api/mechanism')).body as MechanismDto;
    const url = form.spokenHelp.clips['step.where']!;
    expect(Buffer.compare((await bytesOf(admin.get(url))).body as Buffer, OGG)).toBe(0);

    const newer = Buffer.concat([OGG, Buffer.from('again')]);
    const replaced = await putClip(admin, 'en', 'step.where', newer);
    expect(replaced.status).toBe(200);
    expect(replaced.body.recording.url).not.toBe(url);
    expect(Buffer.compare((await bytesOf(admin.get(replaced.body.recording.url))).body as Buffer, newer)).toBe(0);
    const list = (await admin.get(`/api/admin/mechanisms/${mechanism.id}/clips?language=en`)).body as AdminClipListDto;
    expect(list.missing).not.toContain('step.where');
  });

  it('When the admin uploads something that is not audio, or for a key the intake does not have, Then it is refused and nothing changes', async () => {
    // The demo admin chose Spanish: the answer is in it whatever the browser says.
    const before = (await admin.get(`/api/admin/mechanisms/${mechanism.id}/clips?language=en`)).body as AdminClipListDto;
    const notAudio = await putClip(admin, 'en', 'step.company', Buffer.from('%PDF-1.4 not a clip'));
    expect(notAudio.status).toBe(400);
    expect(notAudio.body.error.fields).toEqual([
      { field: 'file', message: 'El archivo no es un audio que se pueda reproducir (Opus/Ogg, MP3, M4A, WebM o WAV).' },
    ]);
    expect((await putClip(admin, 'en', 'step.company', Buffer.alloc(0))).body.error.fields).toEqual([{ field: 'file', message: 'Este campo es obligatorio.' }]);
    expect((await putClip(admin, 'en', 'step.nowhere', OGG)).status).toBe(404);
    expect((await putClip(admin, 'en', 'category.not_a_category', OGG)).status).toBe(404);
    // A language the mechanism does not offer has no clips to upload.
    expect((await putClip(admin, 'yup', 'step.company', OGG)).status).toBe(404);
    const list = (await admin.get(`/api/admin/mechanisms/${mechanism.id}/clips?language=en`)).body as AdminClipListDto;
    expect(list.clips.find((c) => c.key === 'step.company')).toEqual(before.clips.find((c) => c.key === 'step.company'));
  });

  it('When anyone but an admin of the mechanism lists, uploads or deletes clips, Then the routes do not exist for them', async () => {
    const path = `/api/admin/mechanisms/${mechanism.id}/clips?language=es`;
    const clipPath = (mechanismId: string) => `/api/admin/mechanisms/${mechanismId}/clips/es/step.what`;
    const nobody = await server.client();
    expect((await nobody.get(path)).status).toBe(401);
    expect((await nobody.delete(clipPath(mechanism.id))).status).toBe(401);
    for (const who of [DEMO.liaisonPerija, DEMO.ombudsman, DEMO.complainant]) {
      const client = await server.loginAs(who);
      expect((await client.get(path)).status).toBe(404);
      expect((await putClip(client, 'es', 'step.what', OGG)).status).toBe(404);
      expect((await client.delete(clipPath(mechanism.id))).status).toBe(404);
    }
    // A mechanism the admin does not manage looks missing too.
    const other = '00000000-0000-4000-8000-000000000000';
    expect((await admin.get(`/api/admin/mechanisms/${other}/clips`)).status).toBe(404);
    expect((await putClip(admin, 'es', 'step.what', OGG, other)).status).toBe(404);
    expect((await admin.delete(clipPath(other))).status).toBe(404);
    // The demo's Spanish clip is untouched.
    const es = (await admin.get(`/api/admin/mechanisms/${mechanism.id}/clips?language=es`)).body as AdminClipListDto;
    expect(es.clips.find((c) => c.key === 'step.what')!.recording!.size).not.toBe(OGG.length);
  });

  it('When the data policy is asked for, Then its short plain version comes first, in the person’s language', async () => {
    const es = (await (await server.client('es')).get('/api/data-policy')).body;
    const en = (await (await server.client('en')).get('/api/data-policy')).body;
    expect(es.summary).toContain('Usamos sus datos solo para tramitar su queja');
    expect(es.summary.split(/(?<=\.) /).length).toBeLessThanOrEqual(6);
    expect(en.summary).toContain('We use your data only to handle your complaint');
    expect(es.text).toContain('Decreto 1377 de 2013');
  });
});
