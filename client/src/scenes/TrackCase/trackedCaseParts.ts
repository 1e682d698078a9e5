/**
 * The parts of a case page the tracking screen shows once a case is open, gathered in one module so
 * that they arrive as one download after the code and key are accepted, not with the tracking form.
 */
export { CaseActions } from '../CaseDetail/CaseActions';
export { CaseDeadlines } from '../CaseDetail/CaseDeadlines';
export { CaseHeading, CaseView } from '../CaseDetail/CaseView';
export { CollectiveInvite } from '../JoinCollective/CollectiveInvite';
export { DialoguePanels } from '../CaseDetail/dialogue/DialoguePanels';
export { ReferralLadder } from '../CaseDetail/ReferralLadder';
export { ReprisalReport } from '../CaseDetail/ReprisalReport';
