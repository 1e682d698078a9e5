/**
 * The demo's conversations: a believable thread for each seeded case in dialogue, with an agreement
 * proposed, in mediation and in implementation — messages of every visibility, the proposed agreement
 * with its commitments, and an accepted agreement with one commitment reported. Written with the same
 * repository functions as the dialogue commands, at times that fit each case's history.
 */
import type { AuthorRole, MessageVisibility } from '../../shared/types/dialogue';
import type { Queryable } from './database';
import { DEMO_CASES } from './demoData';
import { insertCaseEvent } from '../repositories/cases';
import { closeCommitmentDeadline, scheduleCommitmentDeadline } from '../deadlines/deadlineScheduler';
import { closeAgreement, insertAgreementVersion, insertThreadEntry, recordDecision, updateCommitment, type AgreementRow } from '../repositories/dialogue';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Demo accounts by their key in DEMO_USERS. */
export type DemoUsers = Map<string, { id: string; role: string }>;

/** One message of a demo thread: who (a DEMO_USERS key), how many days after filing, with which visibility. */
interface DemoMessage {
  by: string;
  afterDays: number;
  body: string;
  visibility?: MessageVisibility;
}

/** A demo case's thread, found by words of its description. */
interface DemoThread {
  about: string;
  messages: DemoMessage[];
}

const THREADS: DemoThread[] = [
  {
    about: 'tractomulas',
    messages: [
      { by: 'liaisonValle', afterDays: 7, body: 'Buenos días. Desde Minera Valle del Cesar ya hablamos con la empresa transportadora. Queremos revisar con la Junta los horarios de paso frente al colegio.' },
      { by: 'liaisonValle', afterDays: 7.1, visibility: 'internal', body: 'Pedir a logística el registro GPS de las tractomulas de la última semana antes de la reunión.' },
      { by: 'facilitator', afterDays: 9, body: 'Gracias. La Junta propone que no pasen camiones entre 6 y 7 de la mañana ni entre 12 y 1 de la tarde, y que pongan dos reductores de velocidad.' },
      { by: 'facilitator', afterDays: 10, visibility: 'ombudsman_private', body: 'Para la Defensoría: algunos conductores le gritaron a la presidenta de la Junta cuando tomaba fotos. Preferimos que la empresa no sepa quién las tomó.' },
      { by: 'ombudsman', afterDays: 11, visibility: 'ombudsman_private', body: 'Recibido. Las fotos quedan en reserva. Si vuelve a pasar, escríbanos por aquí o llame a la Defensoría en Valledupar.' },
      { by: 'liaisonValle', afterDays: 18, body: 'Podemos poner el paletero desde el próximo lunes. Los reductores necesitan permiso de la Alcaldía de El Paso; ya lo pedimos.' },
    ],
  },
  {
    about: 'enterrados nuestros mayores',
    messages: [
      { by: 'liaisonPerija', afterDays: 9, body: 'La obra de la trocha quedó suspendida desde ayer mientras hablamos con el cabildo.' },
      { by: 'liaisonPerija', afterDays: 9.1, visibility: 'internal', body: 'Confirmar con el área ambiental si la trocha tenía permiso de Corpocesar.' },
      { by: 'facilitator', afterDays: 12, body: 'El cabildo agradece la suspensión. Las autoridades tradicionales piden una reunión en el resguardo, no en la mina.' },
      { by: 'facilitator', afterDays: 14, visibility: 'ombudsman_private', body: 'Para la Defensoría: el gobernador del cabildo pide que alguien de la Defensoría esté presente en esa reunión.' },
      { by: 'ombudsman', afterDays: 15, body: 'La Defensoría acompañará la reunión en el resguardo. Propongan una fecha que sirva a las autoridades tradicionales.' },
    ],
  },
  {
    about: 'pozo comunitario',
    messages: [
      { by: 'liaisonEsperanza', afterDays: 6, body: 'Mientras se estudia el acuífero, La Esperanza puede llevar un carrotanque de agua potable dos veces por semana a La Aurora.' },
      { by: 'complainant', afterDays: 8, body: 'Dos veces por semana no alcanza para 210 familias. Necesitamos agua todos los días, por lo menos hasta que se sepa qué pasó con el pozo.' },
      { by: 'liaisonEsperanza', afterDays: 9, visibility: 'internal', body: 'Cotizar carrotanque diario con el proveedor de Chiriguaná; el hidrogeólogo puede ir la semana 3.' },
      { by: 'complainant', afterDays: 12, visibility: 'ombudsman_private', body: 'Para la Defensoría: queremos que el estudio lo haga alguien que no trabaje para la mina.' },
      { by: 'ombudsman', afterDays: 14, body: 'La Defensoría sugiere que el estudio del acuífero lo haga una universidad de la región y que el consejo comunitario conozca los resultados primero.' },
      { by: 'liaisonEsperanza', afterDays: 28, body: 'Estamos de acuerdo con el carrotanque diario y con el estudio de la Universidad Popular del Cesar. Enviamos la propuesta de acuerdo.' },
    ],
  },
  {
    about: 'reasentamiento nos prometieron',
    messages: [
      { by: 'liaisonValle', afterDays: 12, body: 'Según el acta del reasentamiento de 2019, el lote entregado cumple el área pactada. Podemos mostrarle los planos.' },
      { by: 'complainant', afterDays: 15, body: 'En la reunión nos dijeron que cada casa tendría patio para las gallinas y la huerta. Varias familias lo recuerdan y tenemos el video.' },
      { by: 'liaisonValle', afterDays: 16, visibility: 'internal', body: 'Buscar la versión firmada del acta y las grabaciones de las reuniones de 2019.' },
      { by: 'complainant', afterDays: 30, visibility: 'ombudsman_private', body: 'Para la Defensoría: después de la última reunión me llamaron para decirme que dejara el tema. Tengo miedo.' },
      { by: 'ombudsman', afterDays: 31, visibility: 'ombudsman_private', body: 'Gracias por contarnos. Su nombre sigue en reserva para la empresa. Ya informamos a la Personería de El Paso para que active la ruta de protección.' },
      { by: 'ombudsman', afterDays: 61, body: 'La Defensoría asume la mediación. Pedimos a la empresa el acta firmada y los videos de 2019, y a la comunidad los suyos, antes del próximo encuentro.' },
      { by: 'liaisonValle', afterDays: 64, body: 'Enviamos a la Defensoría el acta firmada y los planos. Estamos dispuestos a revisar el tema del agua del lote.' },
    ],
  },
  {
    about: 'techo del hogar infantil',
    messages: [
      { by: 'liaisonPerija', afterDays: 6, body: 'Carbones del Perijá reconoce que la obra del techo quedó pendiente. Vamos a pedir al contratista un cronograma para terminarla.' },
      { by: 'facilitator', afterDays: 8, body: 'Las madres comunitarias piden que la obra se haga en las tardes o en vacaciones, para no sacar a los niños del hogar.' },
      { by: 'liaisonPerija', afterDays: 9, visibility: 'internal', body: 'El contratista anterior quebró; hay que contratar de nuevo. Presupuesto aprobado en comité.' },
      { by: 'facilitator', afterDays: 15, visibility: 'ombudsman_private', body: 'Para la Defensoría: nos preocupa que el techo nuevo sea otra vez de zinc sin aislamiento; los niños se asan con el calor.' },
      { by: 'ombudsman', afterDays: 17, body: 'La Defensoría pide que la propuesta de acuerdo diga el material del techo y quién revisa la obra al final.' },
      { by: 'facilitator', afterDays: 80, body: 'Los obreros terminaron la cubierta la semana pasada. Vamos a revisar con las madres cuando llueva.' },
    ],
  },
];

/** The agreement the La Aurora case is deciding on: proposed by the company, both sides still to answer. */
const WELL_AGREEMENT = {
  about: 'pozo comunitario',
  by: 'liaisonEsperanza',
  text: 'La Esperanza llevará agua potable a La Aurora mientras se estudia el acuífero, y financiará un estudio independiente cuyos resultados conocerá primero el consejo comunitario. Si el estudio confirma que el bombeo del tajo secó el pozo, la empresa construirá un pozo nuevo con el consejo.',
  commitments: [
    { owner: 'company' as const, description: 'Carrotanque diario de agua potable (10.000 litros) a La Aurora hasta conocer los resultados del estudio', dueInDays: 10 },
    { owner: 'company' as const, description: 'Contratar con la Universidad Popular del Cesar el estudio del acuífero y entregar los resultados al consejo comunitario', dueInDays: 90 },
    { owner: 'complainant' as const, description: 'El consejo comunitario designa a dos personas para acompañar la toma de muestras', dueInDays: 20 },
  ],
};

/** The agreement in force in Las Palmitas: accepted by both sides; the roof already reported done. */
const ROOF_AGREEMENT = {
  about: 'techo del hogar infantil',
  by: 'liaisonPerija',
  text: 'Carbones del Perijá terminará el techo del hogar infantil de Las Palmitas con teja termoacústica, trabajando en las tardes, y arreglará las canales. La obra la revisan juntos las madres comunitarias y la Defensoría.',
  commitments: [
    { owner: 'company' as const, description: 'Terminar la cubierta del hogar infantil con teja termoacústica', dueInDays: 60, reportedAfterDays: 78, evidence: 'Cubierta terminada el viernes; se instalaron 48 tejas termoacústicas. Fotos de la obra entregadas a la Junta.' },
    { owner: 'company' as const, description: 'Instalar canales y bajantes para que el agua no entre al salón', dueInDays: 90 },
    { owner: 'complainant' as const, description: 'Las madres comunitarias avisan con una semana de anticipación las tardes en que el hogar está vacío', dueInDays: 85 },
  ],
};

/** The facts of a demo case its thread needs. */
interface DemoCase {
  id: string;
  mechanismId: string;
  companyId: string | null;
  createdAt: Date;
}

function caseIdAbout(db: Queryable, words: string): Promise<DemoCase> {
  const demo = DEMO_CASES.find((c) => c.description.includes(words));
  if (!demo) throw new Error(`No demo case about "${words}"`);
  return db.one('SELECT id, mechanism_id AS "mechanismId", company_id AS "companyId", created_at AS "createdAt" FROM cases WHERE description = $1', [demo.description]);
}

function dayAfter(start: Date, days: number): Date {
  return new Date(start.getTime() + days * DAY_MS);
}

/** A calendar day `days` after `start`, YYYY-MM-DD. */
function dateAfter(start: Date, days: number): string {
  return dayAfter(start, days).toISOString().slice(0, 10);
}

/** Adds the demo threads and agreements; runs inside seedDemo's transaction, after the cases. */
export async function seedDemoDialogue(tx: Queryable, users: DemoUsers): Promise<void> {
  const author = (key: string): { authorUserId: string; authorRole: AuthorRole } => {
    const user = users.get(key);
    if (!user) throw new Error(`No demo user ${key}`);
    return { authorUserId: user.id, authorRole: user.role as AuthorRole };
  };
  const write = async (caseId: string, companyId: string | null, at: Date, entry: { by: string | null; kind: string; body?: string; visibility?: MessageVisibility; data?: Record<string, unknown>; duringMediation?: boolean }) => {
    const visibility = entry.visibility ?? 'parties';
    const who = entry.by ? author(entry.by) : { authorUserId: null, authorRole: 'system' as const };
    const internalOrg = visibility !== 'internal' ? null : who.authorRole === 'ombudsman' ? 'ombudsman' : `company:${companyId}`;
    await insertThreadEntry(tx, {
      caseId,
      kind: entry.kind as never,
      ...who,
      visibility,
      internalOrg,
      body: entry.body ?? null,
      data: entry.data,
      duringMediation: entry.duringMediation ?? false,
      clientKey: entry.body ? `demo-${caseId.slice(0, 8)}-${at.getTime()}` : null,
      at,
    });
  };

  // Every entry of a case is written in time order, so that ids (the catch-up cursor) follow the dates.
  const steps = new Map<string, { at: Date; run: () => Promise<void> }[]>();
  const later = async (words: string, afterDays: number, run: (c: DemoCase) => Promise<void>) => {
    const c = await caseIdAbout(tx, words);
    const list = steps.get(c.id) ?? [];
    list.push({ at: dayAfter(c.createdAt, afterDays), run: () => run(c) });
    steps.set(c.id, list);
  };

  const mediationStartsAfterDays = 60;
  for (const thread of THREADS) {
    const inMediation = thread.about === 'reasentamiento nos prometieron';
    for (const m of thread.messages) {
      await later(thread.about, m.afterDays, (c) =>
        write(c.id, c.companyId, dayAfter(c.createdAt, m.afterDays), {
          by: m.by,
          kind: 'message',
          body: m.body,
          visibility: m.visibility,
          duringMediation: inMediation && m.afterDays > mediationStartsAfterDays,
        }),
      );
    }
  }

  // La Aurora: the company's proposal, made 30 days after filing (the seeded `propose_agreement` event).
  await later(WELL_AGREEMENT.about, 30, async (c) => {
    const at = dayAfter(c.createdAt, 30);
    const by = author(WELL_AGREEMENT.by);
    const { agreement } = await insertAgreementVersion(tx, {
      caseId: c.id,
      byUserId: by.authorUserId,
      byRole: by.authorRole,
      duringMediation: false,
      text: WELL_AGREEMENT.text,
      commitments: WELL_AGREEMENT.commitments.map((k) => ({ owner: k.owner, description: k.description, dueOn: dateAfter(at, k.dueInDays) })),
      at,
    });
    await write(c.id, c.companyId, at, { by: WELL_AGREEMENT.by, kind: 'agreement_proposed', data: { agreementId: agreement.id, version: 1, supersededVersion: null } });
  });

  // Las Palmitas: proposed 20 days after filing, accepted by both by day 26, the roof reported done on day 78.
  let roofAgreement: AgreementRow | undefined;
  const by = author(ROOF_AGREEMENT.by);
  const roofData = () => ({ agreementId: roofAgreement!.id, version: 1 });
  await later(ROOF_AGREEMENT.about, 20, async (c) => {
    const proposedAt = dayAfter(c.createdAt, 20);
    ({ agreement: roofAgreement } = await insertAgreementVersion(tx, {
      caseId: c.id,
      byUserId: by.authorUserId,
      byRole: by.authorRole,
      duringMediation: false,
      text: ROOF_AGREEMENT.text,
      commitments: ROOF_AGREEMENT.commitments.map((k) => ({ owner: k.owner, description: k.description, dueOn: dateAfter(proposedAt, k.dueInDays) })),
      at: proposedAt,
    }));
    await write(c.id, c.companyId, proposedAt, { by: ROOF_AGREEMENT.by, kind: 'agreement_proposed', data: { ...roofData(), supersededVersion: null } });
  });
  const decisions = [
    { side: 'company' as const, by: 'liaisonPerija', afterDays: 22 },
    { side: 'complainant' as const, by: 'facilitator', afterDays: 25.9 },
  ];
  for (const d of decisions) {
    await later(ROOF_AGREEMENT.about, d.afterDays, async (c) => {
      const at = dayAfter(c.createdAt, d.afterDays);
      const who = author(d.by);
      await recordDecision(tx, roofAgreement!, d.side, 'accepted', who.authorUserId, at);
      await insertCaseEvent(tx, { caseId: c.id, kind: 'agreements.accepted', actorUserId: who.authorUserId, actorRole: who.authorRole, data: { ...roofData(), side: d.side }, at });
      await write(c.id, c.companyId, at, { by: d.by, kind: 'agreement_accepted', data: { ...roofData(), side: d.side } });
    });
  }
  await later(ROOF_AGREEMENT.about, 26, async (c) => {
    const inForceAt = dayAfter(c.createdAt, 26);
    await closeAgreement(tx, roofAgreement!.id, 'accepted', null);
    await write(c.id, c.companyId, inForceAt, { by: null, kind: 'agreement_in_force', data: roofData() });
    // As when both sides accept in the app: each commitment now runs against its agreed date.
    const commitments = await tx.query<{ id: number; owner: 'company' | 'complainant'; dueOn: string }>(
      'SELECT id, owner, due_on AS "dueOn" FROM commitments WHERE agreement_id = $1 ORDER BY position',
      [roofAgreement!.id],
    );
    for (const k of commitments) {
      await scheduleCommitmentDeadline(tx, { caseId: c.id, mechanismId: c.mechanismId, commitmentId: k.id, responsible: k.owner, dueOn: k.dueOn, at: inForceAt });
    }
  });
  const roof = ROOF_AGREEMENT.commitments[0]!;
  await later(ROOF_AGREEMENT.about, roof.reportedAfterDays!, async (c) => {
    const first = await tx.one<{ id: number }>('SELECT id FROM commitments WHERE agreement_id = $1 AND position = 0', [roofAgreement!.id]);
    const reportedAt = dayAfter(c.createdAt, roof.reportedAfterDays!);
    await updateCommitment(tx, first.id, { status: 'reported', evidence: roof.evidence!, byUserId: by.authorUserId, at: reportedAt });
    await closeCommitmentDeadline(tx, first.id, reportedAt);
    const data = { commitmentId: first.id, agreementId: roofAgreement!.id, owner: roof.owner };
    await insertCaseEvent(tx, { caseId: c.id, kind: 'commitments.reported', actorUserId: by.authorUserId, actorRole: by.authorRole, data, at: reportedAt });
    await write(c.id, c.companyId, reportedAt, { by: ROOF_AGREEMENT.by, kind: 'commitment_reported', data });
  });

  for (const list of steps.values()) {
    for (const step of list.sort((a, b) => a.at.getTime() - b.at.getTime())) await step.run();
  }
}
