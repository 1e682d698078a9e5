/**
 * The effectiveness report (issue #17 item 4): what the ombudsman reads on `/supervision/efectividad`,
 * downloads as CSV and prints. Every breakdown cell is suppressed (docs/learning.md).
 */
import type { ReferralOutcome, ReferralRemedy } from '../referralRemedies';
import type { PetitionKind } from './deadlines';

/** The dimensions every figure is broken down by. */
export const BREAKDOWNS = ['gender', 'ethnicGroup', 'ageBand', 'municipality'] as const;
/** One breakdown dimension. */
export type Breakdown = (typeof BREAKDOWNS)[number];

/** A published number: a count or figure, "<5" when suppressed, null when nothing was measured. */
export type Shown = number | '<5' | null;

/** One cell: the figure and how many people (cases) it was measured on. */
export interface ReportCell {
  value: Shown;
  base: Shown;
}

/** How a row's figure reads: a count of cases, a percentage, a median in business days, a mean score (1–5). */
export type RowKind = 'count' | 'percent' | 'median_days' | 'mean';

/** One row of a table: the figure for the whole mechanism (`total`, exact) and per column (suppressed). */
export interface ReportRow {
  key: string;
  label: string;
  kind: RowKind;
  total: ReportCell;
  cells: ReportCell[];
}

/** The tables of the report, one set per breakdown dimension. */
export const REPORT_TABLES = ['status', 'category', 'consequence', 'indicators'] as const;
/** Which table. */
export type ReportTableId = (typeof REPORT_TABLES)[number];

/** One table: rows (statuses, categories, consequence levels or indicators) by the columns of a dimension. */
export interface ReportTable {
  id: ReportTableId;
  dimension: Breakdown;
  columns: { key: string; label: string }[];
  rows: ReportRow[];
}

/** The indicators of the SEAT/ICMM set, in the order shown. */
export const INDICATORS = [
  'cases',
  'acknowledged_on_time',
  'answered_in_term',
  'days_acknowledge',
  'days_admissibility',
  'days_agreement',
  'days_implementation',
  'agreement_reached',
  'commitments_on_time',
  'reopened',
  'satisfaction',
  'reprisal_reports',
  'referrals',
] as const;
/** One indicator. */
export type Indicator = (typeof INDICATORS)[number];

/** The PQRSD figures of Resolución 1519 de 2020, annex 2, for the period (one row per petition kind and the total). */
export interface PqrsdRow {
  kind: PetitionKind | 'total';
  received: number;
  forwarded: number;
  refused: number;
  answered: number;
  medianResponseDays: number | null;
  answeredInTerm: number;
}

/** Referrals per remedy and what became of them (suppressed like every breakdown). */
export interface ReferralTally {
  remedy: ReferralRemedy;
  offered: number | '<5';
  outcomes: Record<ReferralOutcome, number | '<5'>;
}

/** `GET /api/oversight/effectiveness`. */
export interface EffectivenessDto {
  mechanism: { slug: string; name: string };
  period: { from: string; to: string };
  minimumCell: number;
  cases: number;
  /** How many cases' complainants declared each equity answer (optional and self-declared). */
  declared: { any: number; gender: number; ethnicGroup: number; ageBand: number };
  tables: ReportTable[];
  pqrsd: PqrsdRow[];
  referrals: ReferralTally[];
}
