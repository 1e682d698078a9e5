/**
 * The one gate's matrix, table-driven: every actor kind × every case status × every identity mode ×
 * red flag or not × every verb, against an expectations table written from docs (DESIGN.md "People and
 * roles", docs/custody.md) rather than from the code. Pure: no database, no server.
 */
import { CASE_ACTIONS, CASE_STATUSES, canTransition, isOpenStatus, type CaseStatus } from '../../shared/caseLifecycle';
import type { IdentityMode } from '../../shared/types/api';
import { AppError, NotFound } from '../../server/errors';
import { authorize, can, NO_RECORD, refusal, type GateActor, type Verb } from '../../server/policies/authorize';
import type { CaseAccessFacts, TrackerActor } from '../../server/policies/casePolicy';
import type { UserRecord } from '../../server/repositories/users';

const MECHANISM = '11111111-1111-4111-8111-111111111111';
const OTHER_MECHANISM = '22222222-2222-4222-8222-222222222222';
const COMPANY = '33333333-3333-4333-8333-333333333333';
const OTHER_COMPANY = '44444444-4444-4444-8444-444444444444';
const CASE_ID = '55555555-5555-4555-8555-555555555555';

function person(id: string, role: UserRecord['role'], extra: Partial<UserRecord> = {}): UserRecord {
  return {
    id,
    mechanismId: MECHANISM,
    mechanismIds: [MECHANISM],
    role,
    email: null,
    phone: null,
    displayName: id,
    language: 'es',
    companyId: null,
    companyName: null,
    active: true,
    emailPreferences: {} as UserRecord['emailPreferences'],
    ...extra,
  };
}

const tracker = (ids: string[]): TrackerActor => ({ role: 'tracker', trackedCaseIds: ids });

/** Every kind of actor the gate meets, named for how they stand to the one case under test. */
const ACTORS = {
  ombudsman: person('om', 'ombudsman'),
  grantedOmbudsman: person('om2', 'ombudsman', { mechanismId: OTHER_MECHANISM, mechanismIds: [OTHER_MECHANISM, MECHANISM] }),
  otherMechanismOmbudsman: person('om3', 'ombudsman', { mechanismId: OTHER_MECHANISM, mechanismIds: [OTHER_MECHANISM] }),
  ownLiaison: person('li', 'liaison', { companyId: COMPANY }),
  otherLiaison: person('li2', 'liaison', { companyId: OTHER_COMPANY }),
  ownComplainant: person('co', 'complainant'),
  otherComplainant: person('co2', 'complainant'),
  ownFacilitator: person('fa', 'facilitator'),
  otherFacilitator: person('fa2', 'facilitator'),
  admin: person('ad', 'admin'),
  holdingTracker: tracker([CASE_ID]),
  otherTracker: tracker(['66666666-6666-4666-8666-666666666666']),
  nobody: undefined,
} satisfies Record<string, GateActor>;
type ActorName = keyof typeof ACTORS;
const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];

const MODES: IdentityMode[] = ['named', 'confidential', 'anonymous'];

/** Who stands where, as the design tells it. */
const OMBUDSMAN: ActorName[] = ['ombudsman', 'grantedOmbudsman'];
const COMPLAINANT_SIDE: ActorName[] = ['ownComplainant', 'ownFacilitator', 'holdingTracker'];
const readers = (redFlag: boolean): ActorName[] => [...OMBUDSMAN, ...(redFlag ? [] : (['ownLiaison'] as ActorName[])), ...COMPLAINANT_SIDE];

interface Situation {
  status: CaseStatus;
  mode: IdentityMode;
  redFlag: boolean;
}

/** What the gate must answer: allowed, 404, or a 409 with this code. */
type Expected = 'allowed' | 404 | `409:${string}`;

const only = (who: ActorName[], actor: ActorName, then: Expected = 'allowed'): Expected => (who.includes(actor) ? then : 404);

/** The expectations table: one row per case verb. */
const CASE_VERBS: Record<string, (actor: ActorName, s: Situation) => Expected> = {
  'case.read': (a, s) => only(readers(s.redFlag), a),
  'case.route': (a, s) => only(OMBUDSMAN, a, isOpenStatus(s.status) ? 'allowed' : '409:case_closed'),
  'case.release_red_flag': (a, s) => only(OMBUDSMAN, a, s.redFlag ? 'allowed' : '409:not_red_flag'),
  'case.attach': (a, s) => only(readers(s.redFlag), a, isOpenStatus(s.status) ? 'allowed' : '409:case_closed'),
  'case.custody': (a) => only(OMBUDSMAN, a),
  'case.reveal_identity': (a, s) => (s.mode === 'confidential' ? only(OMBUDSMAN, a) : 404),
  'case.see_contact': (a) => only([...OMBUDSMAN, ...COMPLAINANT_SIDE], a),
  'case.report_reprisal': (a) => only(COMPLAINANT_SIDE, a),
  'case.assess_reprisal_risk': (a) => only(OMBUDSMAN, a),
  'case.confirm_causes': (a) => only(OMBUDSMAN, a),
  'case.link': (a) => only(OMBUDSMAN, a),
  'case.referral_ladder': (a) => only([...OMBUDSMAN, ...COMPLAINANT_SIDE], a),
  'case.assess_consequence': (a) => only(OMBUDSMAN, a),
};

/** The area verbs (no case): who gets in. */
const AREA_VERBS: Record<string, ActorName[]> = {
  'admin.enter': ['admin'],
  'oversight.enter': ['ombudsman', 'grantedOmbudsman', 'otherMechanismOmbudsman'],
  'cases.list': [
    'ombudsman',
    'grantedOmbudsman',
    'otherMechanismOmbudsman',
    'ownLiaison',
    'otherLiaison',
    'ownComplainant',
    'otherComplainant',
    'ownFacilitator',
    'otherFacilitator',
  ],
  'case.claim': ['ownComplainant', 'otherComplainant'],
  'collective.join': ['ownComplainant', 'otherComplainant', 'holdingTracker', 'otherTracker', 'nobody'],
};

function facts(s: Situation): CaseAccessFacts {
  return {
    id: CASE_ID,
    mechanismId: MECHANISM,
    companyId: COMPANY,
    status: s.status,
    identityMode: s.mode,
    redFlag: s.redFlag,
    complainantUserId: 'co',
    filedByUserId: 'fa',
  };
}

/** What the gate answered, in the table's terms. */
function answer(actor: GateActor, verb: Verb, record: unknown): Expected {
  const refused = refusal(actor, verb, record as never);
  if (!refused) return 'allowed';
  if (refused instanceof NotFound) return 404;
  if (!(refused instanceof AppError) || refused.status !== 409) throw new Error(`unexpected refusal ${String(refused)}`);
  return `409:${refused.code}`;
}

const SITUATIONS: Situation[] = CASE_STATUSES.flatMap((status) => MODES.flatMap((mode) => [false, true].map((redFlag) => ({ status, mode, redFlag }))));

describe('The gate: authorize(actor, verb, record)', () => {
  test('When every actor asks every case verb in every status, identity mode and red-flag state, Then the gate answers as the table says', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [verb, expected] of Object.entries(CASE_VERBS)) {
      for (const s of SITUATIONS) {
        for (const name of ACTOR_NAMES) {
          const want = expected(name, s);
          const got = answer(ACTORS[name], verb as Verb, facts(s));
          checked++;
          if (got !== want) wrong.push(`${verb} ${name} ${s.status}/${s.mode}/${s.redFlag ? 'red' : 'plain'}: want ${want}, got ${got}`);
          // can() gives the same answer as refusal(), which authorize() throws.
          if (can(ACTORS[name], verb as Verb, facts(s) as never) !== (got === 'allowed')) wrong.push(`${verb} ${name}: can() disagrees`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(Object.keys(CASE_VERBS).length * SITUATIONS.length * ACTOR_NAMES.length);
  });

  test('When anyone asks for a lifecycle step, Then those who may not see the case get 404 and readers get what the lifecycle table allows their role, else 409', () => {
    const wrong: string[] = [];
    for (const s of SITUATIONS) {
      for (const action of CASE_ACTIONS) {
        for (const name of ACTOR_NAMES) {
          const actor = ACTORS[name];
          const role = actor === undefined ? undefined : actor.role === 'tracker' ? 'complainant' : actor.role;
          const want: Expected = !readers(s.redFlag).includes(name) ? 404 : canTransition(s.status, action, role!) ? 'allowed' : '409:invalid_transition';
          const got = answer(actor, 'case.transition', { case: facts(s), action });
          if (got !== want) wrong.push(`${action} ${name} ${s.status}/${s.mode}: want ${want}, got ${got}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  test('When the parties act on a case received by their company, Then a few lifecycle rows read as the design says', () => {
    const received = facts({ status: 'received', mode: 'named', redFlag: false });
    expect(can(ACTORS.ownLiaison, 'case.transition', { case: received, action: 'acknowledge' })).toBe(true);
    expect(can(ACTORS.holdingTracker, 'case.transition', { case: received, action: 'withdraw' })).toBe(true);
    expect(answer(ACTORS.otherLiaison, 'case.transition', { case: received, action: 'acknowledge' })).toBe(404);
    expect(answer(ACTORS.ownComplainant, 'case.transition', { case: { ...received, status: 'withdrawn' }, action: 'withdraw' })).toBe('409:invalid_transition');
  });

  test('When every actor knocks on an area (administration, oversight, queues, claims, collective complaints), Then only its people get in and everyone else gets 404', () => {
    for (const [verb, allowed] of Object.entries(AREA_VERBS)) {
      for (const name of ACTOR_NAMES) {
        expect([verb, name, answer(ACTORS[name], verb as Verb, NO_RECORD)]).toEqual([verb, name, allowed.includes(name) ? 'allowed' : 404]);
      }
    }
  });

  test('When an admin or an officer names a mechanism, Then they reach only the mechanisms they manage or oversee', () => {
    const granted = person('ad2', 'admin', { mechanismIds: [MECHANISM, OTHER_MECHANISM] });
    expect(can(ACTORS.admin, 'mechanism.administer', { mechanismId: MECHANISM })).toBe(true);
    expect(can(ACTORS.admin, 'mechanism.administer', { mechanismId: OTHER_MECHANISM })).toBe(false);
    expect(can(granted, 'mechanism.administer', { mechanismId: OTHER_MECHANISM })).toBe(true);
    expect(can(ACTORS.ombudsman, 'mechanism.administer', { mechanismId: MECHANISM })).toBe(false);
    expect(can(ACTORS.ombudsman, 'mechanism.oversee', { mechanismId: MECHANISM })).toBe(true);
    expect(can(ACTORS.grantedOmbudsman, 'mechanism.oversee', { mechanismId: MECHANISM })).toBe(true);
    expect(can(ACTORS.otherMechanismOmbudsman, 'mechanism.oversee', { mechanismId: MECHANISM })).toBe(false);
    expect(can(ACTORS.admin, 'mechanism.oversee', { mechanismId: MECHANISM })).toBe(false);
    expect(() => authorize(ACTORS.otherLiaison, 'mechanism.oversee', { mechanismId: MECHANISM })).toThrow(NotFound);
  });

  test('When someone downloads a file, Then a case file follows the case, a message file its message, evidence once reported, an unsent file nobody', () => {
    const c = facts({ status: 'in_dialogue', mode: 'named', redFlag: false });
    const file = (purpose: 'case' | 'message' | 'evidence', messageId: number | null, commitmentId: number | null) => ({ purpose, messageId, commitmentId });
    const companyNote = { visibility: 'internal' as const, internalOrg: `company:${COMPANY}` };
    const privateToOmbudsman = { visibility: 'ombudsman_private' as const, internalOrg: null };
    const rows: [ActorName, ReturnType<typeof file>, typeof companyNote | typeof privateToOmbudsman | undefined, boolean][] = [
      ['ownComplainant', file('case', null, null), undefined, true],
      ['otherLiaison', file('case', null, null), undefined, false],
      ['nobody', file('case', null, null), undefined, false],
      ['ownLiaison', file('message', 1, null), companyNote, true],
      ['ownComplainant', file('message', 1, null), companyNote, false],
      ['ombudsman', file('message', 1, null), companyNote, false],
      ['ownLiaison', file('message', 1, null), privateToOmbudsman, false],
      ['holdingTracker', file('message', 1, null), privateToOmbudsman, true],
      ['ownLiaison', file('message', null, null), undefined, false],
      ['ownLiaison', file('evidence', null, 7), undefined, true],
      ['ownComplainant', file('evidence', null, null), undefined, false],
    ];
    for (const [name, f, entry, allowed] of rows) {
      expect([name, f, entry, answer(ACTORS[name], 'file.read', { case: c, file: f, entry })]).toEqual([name, f, entry, allowed ? 'allowed' : 404]);
    }
  });
});
