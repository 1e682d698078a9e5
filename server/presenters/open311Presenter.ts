/**
 * The only way a case leaves the server as open data: an Open311 GeoReport v2 record that is also a
 * Puente public grievance record (docs/schema/grievance-record.v1.json). No identity, no contact, no
 * group name, no attachment, no point on the map, no hour; the complainant's words only when they
 * allowed it; the vereda only when its cell counts at least MINIMUM_CELL published cases (the
 * transparency page's threshold, server/oversight/statistics.ts).
 */
import { XMLBuilder } from 'fast-xml-parser';
import { isOpenStatus } from '../../shared/caseLifecycle';
import type { Language } from '../../shared/roles';
import type { Open311Request, Open311Service } from '../../shared/types/open311';
import type { FieldCipher } from '../crypto/fieldCipher';
import { translatorFor } from '../i18n';
import { MINIMUM_CELL } from '../oversight/statistics';
import { veredaCellKey, type FeedCaseRow, type FeedCategory, type FeedMechanism } from '../repositories/openData';
import { localized, type ComplainantIdentity } from './casePresenter';
import { casePlace } from '../crypto/sealedColumns';

/** A category as a GeoReport service. */
export function presentService(category: FeedCategory, language: Language): Open311Service {
  return {
    service_code: category.code,
    service_name: localized(category.name, language),
    description: localized(category.description, language),
    metadata: false,
    type: 'realtime',
    keywords: '',
    group: '',
  };
}

/** What stands in a published text where the complainant's own name, number or address was. */
export const MASK = '[…]';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with the complainant's own identity masked: the whole name and each word of it of four
 * letters or more, the e-mail, and the cédula and phone however their digits are spaced. Words about
 * other people cannot be recognised this way; the intake asks not to write names (intakeUi).
 */
export function maskIdentity(text: string, identity: ComplainantIdentity | null): string {
  if (!identity) return text;
  const words = [identity.name, ...identity.name.split(/\s+/).filter((w) => w.length >= 4), identity.email]
    .filter((w): w is string => Boolean(w))
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  const numbers = [identity.documentId, identity.phone].filter((n): n is string => Boolean(n)).map((n) => n.replace(/\D/g, '').split('').join('[\\s.\\-]*'));
  const patterns = [...words, ...numbers];
  if (patterns.length === 0) return text;
  return text.replace(new RegExp(patterns.join('|'), 'giu'), MASK);
}

/** A Bogotá date as the first instant of that day, in W3C form with Bogotá's offset. */
const dayStart = (date: string) => `${date}T00:00:00-05:00`;

/**
 * One case as a public record. `cells` counts the published cases of each (vereda, service) cell
 * (veredaCellCounts); the vereda is published only when its cell reaches MINIMUM_CELL.
 */
export function presentRequest(
  row: FeedCaseRow,
  mechanism: FeedMechanism,
  cells: Map<string, number>,
  cipher: FieldCipher,
  language: Language,
): Open311Request {
  const t = translatorFor(language);
  const veredaShown = row.veredaId && row.vereda && (cells.get(veredaCellKey(row.veredaId, row.categoryId)) ?? 0) >= MINIMUM_CELL ? row.vereda : null;
  const text =
    row.publishableText === null
      ? null
      : maskIdentity(
          row.publishableText,
          row.identityCiphertext ? cipher.open<ComplainantIdentity>(row.identityCiphertext, casePlace(row.caseId, 'identity')) : null,
        );
  return {
    service_request_id: row.openDataId,
    status: isOpenStatus(row.status) ? 'open' : 'closed',
    status_notes: t(`domain:status.${row.status}`),
    service_name: localized(row.categoryName, language),
    service_code: row.categoryCode,
    description: text,
    agency_responsible: row.company,
    service_notice: null,
    requested_datetime: dayStart(row.filedOn),
    updated_datetime: dayStart(row.updatedOn),
    expected_datetime: null,
    address: [veredaShown, row.municipality, mechanism.region].filter(Boolean).join(', '),
    address_id: null,
    zipcode: null,
    lat: row.centreLatitude,
    long: row.centreLongitude,
    media_url: null,
    jurisdiction_id: mechanism.slug,
    stage: row.status,
    categories: row.categories,
    municipality: row.municipality,
    municipality_code: row.municipalityCode,
    vereda: veredaShown,
  };
}

const xml = new XMLBuilder({ format: true, suppressEmptyNode: true });

/**
 * GeoReport v2's XML form: `<services><service>…`, `<service_requests><request>…` or
 * `<errors><error>…`, one element
 * per field, empty for null, a list field as repeated child elements.
 */
export function toGeoReportXml(root: 'services' | 'service_requests' | 'errors', records: readonly object[]): string {
  const item = { services: 'service', service_requests: 'request', errors: 'error' }[root];
  const plain = records.map((record) =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, value === null ? '' : Array.isArray(value) ? { code: value } : value])),
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n${xml.build({ [root]: { [item]: plain } })}`;
}
