/**
 * The public Open311 GeoReport v2 feed's records (`/open311/v2/…`): GeoReport v2's own fields, with
 * their names and types, plus a few fields of Puente's public grievance record
 * (docs/schema/grievance-record.v1.json) that GeoReport has no place for. GeoReport clients ignore
 * fields they do not know.
 */
import type { CaseStatus } from '../caseLifecycle';
import type { Open311Status } from '../validation/open311';

/** A GeoReport v2 service: one of the mechanism's categories. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  /** No service definitions with extra attributes are published. */
  metadata: false;
  /** GeoReport's kinds are about filing through the API; the feed is read-only ("realtime": ids are public at once). */
  type: 'realtime';
  keywords: string;
  group: string;
}

/** A GeoReport v2 service request: one case, de-identified. */
export interface Open311Request {
  service_request_id: string;
  status: Open311Status;
  /** The case's stage, in the reader's language. */
  status_notes: string;
  service_name: string;
  service_code: string;
  /** The complainant's own words, only when they allowed publication; null otherwise. */
  description: string | null;
  /** The company the complaint concerns; null while the ombudsman has not routed it. */
  agency_responsible: string | null;
  service_notice: null;
  /** The day of filing (00:00 Bogotá), never the hour. */
  requested_datetime: string;
  /** The day of the last change (00:00 Bogotá). */
  updated_datetime: string;
  expected_datetime: null;
  /** Vereda (when it singles nobody out), municipality and region. */
  address: string;
  address_id: null;
  zipcode: null;
  /** The municipality's head town, never the complaint's own point. */
  lat: number | null;
  long: number | null;
  /** Attachments are never published. */
  media_url: null;
  /** Puente: the mechanism's slug (GeoReport's jurisdiction_id). */
  jurisdiction_id: string;
  /** Puente: the stage as a machine-readable status. */
  stage: CaseStatus;
  /** Puente: every category code of the case, the service's first. */
  categories: string[];
  /** Puente: the municipality's name and DANE code. */
  municipality: string;
  municipality_code: string;
  /** Puente: the vereda or corregimiento, or null when none was given or it could single someone out. */
  vereda: string | null;
}
