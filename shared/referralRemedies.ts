/**
 * The referral ladder (issue #17 item 5): the other remedies a complainant is offered when the
 * mechanism does not admit their case or closes it without agreement. Going to any of them never
 * needs the mechanism's leave, and a judicial remedy is always open (DESIGN.md).
 */

/**
 * The remedies, from the nearest to the furthest:
 * - `competent_body`: the authority the ombudsman named in the decision (Ley 1755 de 2015, art. 21);
 * - `pnc_colombia`: Colombia's National Contact Point for the OECD Guidelines for Multinational Enterprises;
 * - `ncp_netherlands`: the Dutch National Contact Point, for companies linked to the Netherlands;
 * - `cao`: the Compliance Advisor Ombudsman, where the IFC or MIGA finances the project;
 * - `personeria`: the municipal personería (Ministerio Público), for rights and petitions;
 * - `tutela`: the acción de tutela before any judge, for fundamental rights (Constitución, art. 86).
 */
export const REFERRAL_REMEDIES = ['competent_body', 'pnc_colombia', 'ncp_netherlands', 'cao', 'personeria', 'tutela'] as const;

/** One remedy of the ladder. */
export type ReferralRemedy = (typeof REFERRAL_REMEDIES)[number];

/** What became of a referral, when known: offered (nothing known yet), taken to the body, admitted by it, declined by it, resolved there, or not taken. */
export const REFERRAL_OUTCOMES = ['offered', 'taken', 'admitted', 'declined', 'resolved', 'not_taken'] as const;

/** What became of a referral. */
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

/** What decides which remedies fit a case: the company's links, when a company is known. */
export interface RemedyFacts {
  dutchLinked: boolean;
  ifcFinanced: boolean;
}

/** The remedies offered for a case: the Dutch NCP and the CAO only where the company is linked to them. */
export function remediesFor(company: RemedyFacts | null): ReferralRemedy[] {
  return REFERRAL_REMEDIES.filter((r) => (r !== 'ncp_netherlands' || company?.dutchLinked === true) && (r !== 'cao' || company?.ifcFinanced === true));
}
