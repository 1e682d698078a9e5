/** The referral ladder of a case (issue #17 item 5), as its complainant's side and the ombudsman read it. */
import type { ReferralOutcome, ReferralRemedy } from '../referralRemedies';

/** `GET /api/cases/:id/referrals`: the remedies offered, what became of each, and the printable packet. */
export interface CaseReferralsDto {
  referrals: {
    remedy: ReferralRemedy;
    offeredAt: string;
    outcome: ReferralOutcome;
    outcomeNote: string | null;
    outcomeAt: string | null;
  }[];
  /** The referral packet (a self-contained printable page); only meaningful when `referrals` is not empty. */
  packetUrl: string;
}
