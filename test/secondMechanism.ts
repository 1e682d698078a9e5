/**
 * A second mechanism (La Guajira) on the demo installation, created through the admin API as a real
 * deployment would, with one named complaint filed into it from its public page.
 */
import crypto from 'node:crypto';
import type { MechanismDto } from '../shared/types/api';
import type { TestClient, TestServer } from './support';

/** Slug, name and company of the second mechanism. */
export const GUAJIRA = { slug: 'la-guajira', name: 'La Guajira — carbón', company: 'Carbones de la Península S.A.', municipality: 'Albania' } as const;

/** What a test needs to know about the second mechanism and its one case. */
export interface SecondMechanism {
  id: string;
  companyId: string;
  municipalityId: string;
  caseId: string;
  reference: string;
}

/** Creates La Guajira, with nothing in it yet, as `admin` (who then manages it); its id. */
export async function createGuajira(admin: TestClient): Promise<string> {
  const created = await admin.post('/api/admin/mechanisms', { slug: GUAJIRA.slug, name: GUAJIRA.name, region: 'La Guajira, Colombia', referencePrefix: 'GUA' });
  if (created.status !== 201) throw new Error(`Mechanism not created: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id;
}

/** Creates La Guajira as `admin` (who then manages it) with a company, a municipality, a category, a data policy and one case. */
export async function createSecondMechanism(server: TestServer, admin: TestClient): Promise<SecondMechanism> {
  const id = await createGuajira(admin);
  const m = `/api/admin/mechanisms/${id}`;
  const company = await admin.post(`${m}/companies`, { name: GUAJIRA.company, slug: 'peninsula' });
  await admin.post(`${m}/municipalities`, { name: GUAJIRA.municipality, daneCode: '44035' });
  await admin.post(`${m}/categories`, { code: 'water', icon: 'droplet', name: { es: 'Agua', en: 'Water' }, description: { es: 'Agua.', en: 'Water.' } });
  const policy = await admin.post(`${m}/data-policies`, { text: { es: 'Política de datos de La Guajira.', en: 'La Guajira data policy.' } });
  const visitor = await server.client();
  const lists = (await visitor.get(`/api/mechanism?mechanism=${GUAJIRA.slug}`)).body as MechanismDto;
  const municipalityId = lists.municipalities[0]!.id;
  const filed = await visitor.post(`/api/complaints?mechanism=${GUAJIRA.slug}`, {
    idempotencyKey: crypto.randomUUID(),
    whatHappened: 'La voladura de la mina agrietó las paredes de las casas de la comunidad wayuu.',
    municipalityId,
    companyId: company.body.id,
    categoryCodes: ['water'],
    // Named, so that any look the oversight gives at it is logged (and can be checked for).
    identityMode: 'named',
    identity: { name: 'Yasmina Epiayú', phone: '3105550199' },
    contactPreference: 'phone',
    consent: { policyVersion: policy.body.version, accepted: true },
  });
  if (filed.status !== 201) throw new Error(`Complaint not filed: ${filed.status} ${JSON.stringify(filed.body)}`);
  return { id, companyId: company.body.id, municipalityId, caseId: filed.body.caseId, reference: filed.body.reference };
}

/** Sets the mechanisms granted to an ombudsman officer of the Cesar mechanism (as the demo admin, who manages both). */
export async function grantMechanisms(admin: TestClient, cesarId: string, userId: string, extraMechanismIds: string[]): Promise<void> {
  const res = await admin.send('patch', `/api/admin/mechanisms/${cesarId}/users/${userId}`, { extraMechanismIds });
  if (res.status !== 200) throw new Error(`Grant refused: ${res.status} ${JSON.stringify(res.body)}`);
}
