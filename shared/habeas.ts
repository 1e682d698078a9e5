/**
 * Habeas data (Ley 1581 de 2012 arts. 14–15, Decreto 1377 de 2013): the kinds of request a person may
 * make about their data and the legal term of each, in business days of the Bogota calendar
 * (shared/calendar.ts). A consulta is answered within 10 business days from receipt, extendable once,
 * with notice before it lapses, by at most 5 more; a reclamo (correction, withdrawal of consent,
 * deletion) within 15, extendable by at most 8. The day of receipt never counts.
 */
import { addBusinessDays, type CalendarOptions } from './calendar';

/** What a person may ask about their data. */
export const HABEAS_REQUEST_KINDS = ['consulta', 'correction', 'withdraw_consent', 'deletion'] as const;
/** A kind of habeas data request. */
export type HabeasRequestKind = (typeof HABEAS_REQUEST_KINDS)[number];

/** How staff close a request: a consulta is answered; a reclamo is granted or denied (with reasons). */
export const HABEAS_OUTCOMES = ['answered', 'granted', 'denied'] as const;
/** The outcome of an answered request. */
export type HabeasOutcome = (typeof HABEAS_OUTCOMES)[number];

/** The two procedures of the law, each with its own terms. */
export type HabeasProcedure = 'consulta' | 'reclamo';

/** Business days to answer, and the most an announced extension may add after the first term lapses. */
export const HABEAS_TERMS: Record<HabeasProcedure, { days: number; extensionDays: number }> = {
  consulta: { days: 10, extensionDays: 5 },
  reclamo: { days: 15, extensionDays: 8 },
};

/** The procedure a request follows: only a consulta is one; every change asked for is a reclamo. */
export function procedureOf(kind: HabeasRequestKind): HabeasProcedure {
  return kind === 'consulta' ? 'consulta' : 'reclamo';
}

/** The outcomes staff may give a request of this kind. */
export function outcomesFor(kind: HabeasRequestKind): HabeasOutcome[] {
  return procedureOf(kind) === 'consulta' ? ['answered'] : ['granted', 'denied'];
}

/** The due date of a request received on `receivedOn` (a Bogota date), and the latest an extension may reach. */
export function habeasDueDates(kind: HabeasRequestKind, receivedOn: string, calendar?: CalendarOptions): { dueOn: string; latestExtendedOn: string } {
  const term = HABEAS_TERMS[procedureOf(kind)];
  const dueOn = addBusinessDays(receivedOn, term.days, calendar);
  return { dueOn, latestExtendedOn: addBusinessDays(dueOn, term.extensionDays, calendar) };
}
