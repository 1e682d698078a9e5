/**
 * The effectiveness report and the referral ladder (issue #17 items 4–5).
 *
 * - `cases.consequence_level`: how grave the harm is, as the ombudsman assesses it (1 minor, 2
 *   moderate, 3 serious — the three levels of ICMM's grievance guidance); null until assessed. The
 *   report counts cases by it.
 * - `companies.dutch_linked` / `companies.ifc_financed`: whether the Dutch National Contact Point or the
 *   CAO (IFC/MIGA's accountability office) can take a complaint about the company; the admin says so.
 * - `case_referrals`: the other remedies a case was offered when it was not admitted or closed without
 *   agreement (the ladder), and what became of each when known. One row per case and remedy; the
 *   report's "referrals" figure counts them.
 */
export const effectiveness = `
ALTER TABLE cases ADD COLUMN consequence_level smallint CHECK (consequence_level BETWEEN 1 AND 3);

ALTER TABLE companies ADD COLUMN dutch_linked boolean NOT NULL DEFAULT false;
ALTER TABLE companies ADD COLUMN ifc_financed boolean NOT NULL DEFAULT false;

CREATE TABLE case_referrals (
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  remedy text NOT NULL CHECK (remedy IN ('competent_body', 'pnc_colombia', 'ncp_netherlands', 'cao', 'personeria', 'tutela')),
  offered_at timestamptz NOT NULL,
  offered_by_user_id uuid REFERENCES users(id),
  outcome text NOT NULL DEFAULT 'offered' CHECK (outcome IN ('offered', 'taken', 'admitted', 'declined', 'resolved', 'not_taken')),
  outcome_note text CHECK (length(outcome_note) <= 500),
  outcome_at timestamptz,
  outcome_by_user_id uuid REFERENCES users(id),
  PRIMARY KEY (case_id, remedy)
);
`;
