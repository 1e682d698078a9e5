/** Yukpa, an audio-first language, turned on in the demo mechanism through the admin API (browser tests of languages). */
import type { MechanismDto } from '../shared/types/api';
import { loadMechanism } from './intakeSupport';
import { DEMO, type TestServer } from './support';

/**
 * As the demo admin, offers English and Yukpa (audio first) in the demo mechanism and imports Yukpa
 * texts by key, as a translator's CSV; the mechanism's lists and how many texts the import translated.
 */
export async function offerYukpa(server: TestServer, texts: Record<string, string>): Promise<{ mechanism: MechanismDto; translated: number }> {
  const mechanism = await loadMechanism(server);
  const admin = await server.loginAs(DEMO.admin);
  const base = `/api/admin/mechanisms/${mechanism.id}/languages`;
  const languages = [
    { code: 'en', name: 'English', mode: 'written' },
    { code: 'yup', name: 'Yukpa', mode: 'audio_first' },
  ];
  const offered = await admin.put(base, { languages });
  if (offered.status !== 200) throw new Error(`Languages not saved: ${offered.status} ${JSON.stringify(offered.body)}`);
  const rows = Object.entries(texts).map(([key, text]) => `${key};;${text}\r\n`);
  const imported = await admin.agent
    .put(`${base}/yup/texts`)
    .set('x-csrf-token', (await admin.refreshSession()).body.csrfToken)
    .set('Content-Type', 'text/csv')
    .send(Buffer.from(`key;es;yup\r\n${rows.join('')}`));
  return { mechanism, translated: imported.body.translated };
}
