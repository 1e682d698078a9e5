/**
 * The demo mechanism: Cesar's coal-mining region with three fictional companies, the categories and
 * municipalities of DESIGN.md, one account per role and a dozen complaints in every part of the
 * lifecycle. Company names and people are invented; places are real.
 */
import type { CaseStatus } from '../../shared/caseLifecycle';
import type { IdentityMode } from '../../shared/types/api';
import type { Role } from '../../shared/roles';

/** The password of every demo account (printed in README.md). */
export const DEMO_PASSWORD = 'Puente-Demo-2026';

/** The receipt key of the demo's anonymous case, so the tracking page can be tried (shown with its O, read as DEM0-…: shared/receiptKey.ts). */
export const DEMO_RECEIPT_KEY = 'DEMO-7K4P-9XQ2-M3TA';

export const DEMO_MECHANISM = {
  slug: 'cesar',
  name: 'Cesar — minería de carbón',
  region: 'Cesar, Colombia',
  referencePrefix: 'CES',
};

export const DEMO_COMPANIES = [
  { slug: 'perija', name: 'Carbones del Perijá S.A.S.' },
  { slug: 'valle-cesar', name: 'Minera Valle del Cesar S.A.' },
  { slug: 'la-esperanza', name: 'Carbonífera La Esperanza S.A.S.' },
];

type Text = { es: string; en: string };

export const DEMO_CATEGORIES: { code: string; icon: string; name: Text; description: Text; redFlag?: boolean }[] = [
  { code: 'water', icon: 'water', name: { es: 'Agua', en: 'Water' }, description: { es: 'Ríos, arroyos, pozos o acueductos secos, sucios o desviados.', en: 'Rivers, streams, wells or water supply dried up, polluted or diverted.' } },
  { code: 'air_dust', icon: 'dust', name: { es: 'Aire y polvo', en: 'Air and dust' }, description: { es: 'Polvo de carbón, humo u olores que llegan a las casas, cultivos o escuelas.', en: 'Coal dust, smoke or smells reaching homes, crops or schools.' } },
  { code: 'noise_vibration', icon: 'noise', name: { es: 'Ruido y vibraciones', en: 'Noise and vibration' }, description: { es: 'Voladuras, maquinaria o trenes que no dejan dormir o agrietan las casas.', en: 'Blasting, machinery or trains that keep people awake or crack houses.' } },
  { code: 'land_property', icon: 'land', name: { es: 'Tierra y propiedad', en: 'Land and property' }, description: { es: 'Linderos, compra de predios, servidumbres o daños a cultivos y cercas.', en: 'Boundaries, land purchases, easements or damage to crops and fences.' } },
  { code: 'resettlement', icon: 'resettlement', name: { es: 'Reasentamiento', en: 'Resettlement' }, description: { es: 'Traslado de familias o comunidades y lo que se prometió en él.', en: 'Moving families or communities, and what was promised with it.' } },
  { code: 'employment', icon: 'employment', name: { es: 'Empleo y contratistas', en: 'Employment and contractors' }, description: { es: 'Contratación local, pagos a contratistas y proveedores, condiciones de trabajo.', en: 'Local hiring, payments to contractors and suppliers, working conditions.' } },
  { code: 'health', icon: 'health', name: { es: 'Salud', en: 'Health' }, description: { es: 'Enfermedades respiratorias, de la piel u otras que la comunidad relaciona con la mina.', en: 'Respiratory, skin or other illnesses the community links to the mine.' } },
  { code: 'road_safety', icon: 'road', name: { es: 'Vías y tránsito', en: 'Road safety and traffic' }, description: { es: 'Tractomulas, vías dañadas, accidentes o caminos cerrados.', en: 'Heavy trucks, damaged roads, accidents or closed paths.' } },
  { code: 'security_human_rights', icon: 'security', name: { es: 'Seguridad y derechos humanos', en: 'Security forces and human rights' }, description: { es: 'Amenazas, violencia o abusos de vigilancia privada o fuerza pública. Va directo a la Defensoría.', en: 'Threats, violence or abuses by private security or public forces. Goes straight to the Ombudsman.' }, redFlag: true },
  { code: 'culture_sacred_sites', icon: 'culture', name: { es: 'Cultura y sitios sagrados', en: 'Culture and sacred sites' }, description: { es: 'Lugares sagrados, cementerios, prácticas culturales de pueblos indígenas y afrocolombianos.', en: 'Sacred places, cemeteries, cultural practices of indigenous and Afro-Colombian peoples.' } },
  { code: 'environment', icon: 'environment', name: { es: 'Ambiente y biodiversidad', en: 'Environment and biodiversity' }, description: { es: 'Bosques, fauna, suelos o ciénagas afectados.', en: 'Forests, wildlife, soils or wetlands affected.' } },
  { code: 'community_investment', icon: 'investment', name: { es: 'Inversión social', en: 'Community investment' }, description: { es: 'Proyectos, becas o aportes prometidos a la comunidad.', en: 'Projects, scholarships or contributions promised to the community.' } },
  { code: 'other', icon: 'other', name: { es: 'Otro tema', en: 'Something else' }, description: { es: 'Si no encuentra su tema arriba, cuéntelo aquí.', en: 'If your topic is not listed above, tell us here.' } },
];

/**
 * The 25 municipalities of Cesar with DANE codes, their square on the oversight map (column, row; north
 * up, Valledupar in the north-east, San Alberto at the southern tip — the same squares migration
 * 0010_place_grid gives existing installations), and some corregimientos and veredas near the mines.
 */
export const DEMO_MUNICIPALITIES: {
  name: string;
  daneCode: string;
  mapPosition: { column: number; row: number };
  places?: { name: string; kind: 'vereda' | 'corregimiento' }[];
}[] = [
  { name: 'Valledupar', daneCode: '20001', mapPosition: { column: 3, row: 0 }, places: [{ name: 'Aguas Blancas', kind: 'corregimiento' }, { name: 'Badillo', kind: 'corregimiento' }, { name: 'Guacoche', kind: 'corregimiento' }] },
  { name: 'Aguachica', daneCode: '20011', mapPosition: { column: 1, row: 6 } },
  { name: 'Agustín Codazzi', daneCode: '20013', mapPosition: { column: 3, row: 2 }, places: [{ name: 'Casacará', kind: 'corregimiento' }, { name: 'Llerasca', kind: 'corregimiento' }] },
  { name: 'Astrea', daneCode: '20032', mapPosition: { column: 0, row: 2 } },
  { name: 'Becerril', daneCode: '20045', mapPosition: { column: 4, row: 2 }, places: [{ name: 'Estados Unidos', kind: 'corregimiento' }, { name: 'Tamaquito', kind: 'vereda' }] },
  { name: 'Bosconia', daneCode: '20060', mapPosition: { column: 1, row: 1 } },
  { name: 'Chimichagua', daneCode: '20175', mapPosition: { column: 1, row: 2 }, places: [{ name: 'Saloa', kind: 'corregimiento' }, { name: 'Candelaria', kind: 'corregimiento' }] },
  { name: 'Chiriguaná', daneCode: '20178', mapPosition: { column: 2, row: 2 }, places: [{ name: 'La Aurora', kind: 'corregimiento' }, { name: 'Rincón Hondo', kind: 'corregimiento' }, { name: 'Poponte', kind: 'corregimiento' }] },
  { name: 'Curumaní', daneCode: '20228', mapPosition: { column: 2, row: 3 }, places: [{ name: 'San Roque', kind: 'corregimiento' }, { name: 'Sabanagrande', kind: 'corregimiento' }] },
  { name: 'El Copey', daneCode: '20238', mapPosition: { column: 1, row: 0 } },
  { name: 'El Paso', daneCode: '20250', mapPosition: { column: 2, row: 1 }, places: [{ name: 'La Loma', kind: 'corregimiento' }, { name: 'El Hatillo', kind: 'vereda' }, { name: 'Plan Bonito', kind: 'vereda' }, { name: 'Potrerillo', kind: 'corregimiento' }] },
  { name: 'Gamarra', daneCode: '20295', mapPosition: { column: 0, row: 6 } },
  { name: 'González', daneCode: '20310', mapPosition: { column: 3, row: 6 } },
  { name: 'La Gloria', daneCode: '20383', mapPosition: { column: 1, row: 5 } },
  { name: 'La Jagua de Ibirico', daneCode: '20400', mapPosition: { column: 3, row: 3 }, places: [{ name: 'La Victoria de San Isidro', kind: 'corregimiento' }, { name: 'Las Palmitas', kind: 'corregimiento' }, { name: 'Boquerón', kind: 'corregimiento' }, { name: 'El Zorro', kind: 'vereda' }] },
  { name: 'Manaure Balcón del Cesar', daneCode: '20443', mapPosition: { column: 4, row: 0 } },
  { name: 'Pailitas', daneCode: '20517', mapPosition: { column: 2, row: 4 } },
  { name: 'Pelaya', daneCode: '20550', mapPosition: { column: 2, row: 5 } },
  { name: 'Pueblo Bello', daneCode: '20570', mapPosition: { column: 2, row: 0 } },
  { name: 'Río de Oro', daneCode: '20614', mapPosition: { column: 2, row: 6 } },
  { name: 'La Paz', daneCode: '20621', mapPosition: { column: 4, row: 1 } },
  { name: 'San Alberto', daneCode: '20710', mapPosition: { column: 1, row: 8 } },
  { name: 'San Diego', daneCode: '20750', mapPosition: { column: 3, row: 1 } },
  { name: 'San Martín', daneCode: '20770', mapPosition: { column: 1, row: 7 } },
  { name: 'Tamalameque', daneCode: '20787', mapPosition: { column: 1, row: 3 } },
];

/** Demo accounts: one per role, and one liaison per company. */
export const DEMO_USERS: { key: string; role: Role; email: string; displayName: string; company?: string; language?: 'es' | 'en' }[] = [
  { key: 'admin', role: 'admin', email: 'admin@puente.demo', displayName: 'Administración Puente' },
  { key: 'ombudsman', role: 'ombudsman', email: 'defensoria@puente.demo', displayName: 'Lucía Mendoza Ariza' },
  { key: 'liaisonPerija', role: 'liaison', email: 'enlace.perija@puente.demo', displayName: 'Andrés Castro Pinto', company: 'perija' },
  { key: 'liaisonValle', role: 'liaison', email: 'enlace.valle@puente.demo', displayName: 'Marcela Ríos Daza', company: 'valle-cesar' },
  { key: 'liaisonEsperanza', role: 'liaison', email: 'enlace.esperanza@puente.demo', displayName: 'Julián Ortega Mejía', company: 'la-esperanza', language: 'en' },
  { key: 'complainant', role: 'complainant', email: 'peticionaria@puente.demo', displayName: 'Yolanda Arias Mindiola' },
  { key: 'facilitator', role: 'facilitator', email: 'facilitador@puente.demo', displayName: 'Edwin Quintero Baute' },
];

/** One demo complaint and the path it has travelled. */
export interface DemoCase {
  status: CaseStatus;
  company: string | null;
  municipality: string;
  place?: string;
  categories: string[];
  daysAgo: number;
  identityMode: IdentityMode;
  identity?: { name: string; documentId?: string; phone?: string };
  by?: 'complainant' | 'facilitator';
  collective?: { name: string; kind: 'community' | 'junta_accion_comunal' | 'resguardo' | 'consejo_comunitario'; size: number };
  escalationLevel?: number;
  occurredDaysAgo?: number;
  description: string;
  hopedOutcome: string;
  /** Actions after filing, in order, with who took them and why. */
  path: { action: string; by: string; reason?: string; afterDays: number }[];
}

export const DEMO_CASES: DemoCase[] = [
  {
    status: 'received', company: 'perija', municipality: 'La Jagua de Ibirico', place: 'Boquerón', categories: ['air_dust', 'health'],
    daysAgo: 1, identityMode: 'named', identity: { name: 'Yolanda Arias Mindiola', documentId: '49790123', phone: '3004567812' }, by: 'complainant',
    occurredDaysAgo: 3,
    description: 'Desde hace dos semanas el polvo de carbón entra a las casas del barrio cada tarde, cuando sopla la brisa desde el botadero. Los niños de la escuela tosen y la ropa que colgamos queda negra. Ya no podemos dejar las ventanas abiertas con este calor.',
    hopedOutcome: 'Que rieguen las vías y el botadero en las tardes y que midan la calidad del aire frente a la escuela.',
    path: [],
  },
  {
    status: 'received', company: null, municipality: 'Chiriguaná', place: 'Rincón Hondo', categories: ['water'],
    daysAgo: 2, identityMode: 'anonymous',
    occurredDaysAgo: 10,
    description: 'El arroyo que usamos para los animales bajó mucho y el agua llega con una nata gris. No sabemos cuál de las minas está botando agua por ese lado; los vecinos dicen que viene de arriba, de los tajos nuevos.',
    hopedOutcome: 'Que alguien tome muestras del agua y nos digan si los animales pueden tomarla.',
    path: [],
  },
  {
    status: 'received', company: 'valle-cesar', municipality: 'El Paso', place: 'El Hatillo', categories: ['security_human_rights'],
    daysAgo: 1, identityMode: 'confidential', identity: { name: 'Rafael Pacheco Ochoa', documentId: '77023456', phone: '3125550198' }, by: 'facilitator',
    occurredDaysAgo: 2,
    description: 'Después de la reunión sobre el reasentamiento, dos hombres en moto pasaron por mi casa y me dijeron que dejara de "alborotar" a la gente. Tengo miedo por mi familia. Pido que esta queja no la vea la empresa todavía.',
    hopedOutcome: 'Protección para mi familia y que la Defensoría acompañe las próximas reuniones.',
    path: [],
  },
  {
    status: 'acknowledged', company: 'la-esperanza', municipality: 'Becerril', place: 'Estados Unidos', categories: ['noise_vibration', 'land_property'],
    daysAgo: 6, identityMode: 'named', identity: { name: 'Nelson Arzuaga Torres', phone: '3016632201' }, by: 'complainant',
    occurredDaysAgo: 14,
    description: 'Las voladuras de los martes y viernes hacen temblar la casa. Ya se le abrió una grieta a la pared de la cocina y al tanque del agua. Tengo fotos de antes y de después.',
    hopedOutcome: 'Que un ingeniero revise la casa y que reparen los daños.',
    path: [{ action: 'acknowledge', by: 'liaisonEsperanza', afterDays: 2 }],
  },
  {
    status: 'acknowledged', company: 'perija', municipality: 'La Jagua de Ibirico', place: 'La Victoria de San Isidro', categories: ['employment'],
    daysAgo: 9, identityMode: 'confidential', identity: { name: 'Dairo Montero Jiménez', documentId: '1065123987', phone: '3157784410' }, by: 'complainant',
    occurredDaysAgo: 30,
    description: 'Trabajé tres meses con un contratista de la mina en el mantenimiento de vías y todavía me deben dos quincenas. Somos seis compañeros en la misma situación y nadie responde.',
    hopedOutcome: 'Que nos paguen lo que se debe y que la empresa vigile a sus contratistas.',
    path: [{ action: 'acknowledge', by: 'liaisonPerija', afterDays: 1 }],
  },
  {
    status: 'in_dialogue', company: 'valle-cesar', municipality: 'El Paso', place: 'La Loma', categories: ['road_safety'],
    daysAgo: 25, identityMode: 'named', identity: { name: 'Junta de Acción Comunal La Loma' }, by: 'facilitator',
    collective: { name: 'Junta de Acción Comunal del corregimiento La Loma', kind: 'junta_accion_comunal', size: 340 },
    occurredDaysAgo: 40,
    description: 'Las tractomulas del carbón pasan a toda velocidad por la calle principal, frente al colegio, a la hora de entrada y salida de los niños. El mes pasado atropellaron un burro y casi a un niño.',
    hopedOutcome: 'Reductores de velocidad, un paletero en las horas del colegio y que los camiones no pasen entre 6 y 7 de la mañana.',
    path: [{ action: 'acknowledge', by: 'liaisonValle', afterDays: 2 }, { action: 'admit', by: 'ombudsman', afterDays: 6 }],
  },
  {
    status: 'in_dialogue', company: 'perija', municipality: 'Agustín Codazzi', place: 'Casacará', categories: ['culture_sacred_sites'],
    daysAgo: 33, identityMode: 'named', identity: { name: 'Cabildo Yukpa de Casacará' }, by: 'facilitator',
    collective: { name: 'Resguardo indígena Yukpa', kind: 'resguardo', size: 120 },
    occurredDaysAgo: 60,
    description: 'Las máquinas abrieron una trocha al lado del cerro donde están enterrados nuestros mayores. No se hizo consulta con el cabildo. Pedimos que paren mientras se habla con las autoridades tradicionales.',
    hopedOutcome: 'Suspender la trocha y acordar con el cabildo cómo proteger el sitio sagrado.',
    path: [{ action: 'acknowledge', by: 'liaisonPerija', afterDays: 3 }, { action: 'admit', by: 'ombudsman', afterDays: 8 }],
  },
  {
    status: 'agreement_proposed', company: 'la-esperanza', municipality: 'Chiriguaná', place: 'La Aurora', categories: ['water'],
    daysAgo: 48, identityMode: 'named', identity: { name: 'Consejo Comunitario de La Aurora' }, by: 'complainant',
    collective: { name: 'Consejo Comunitario Afrodescendiente de La Aurora', kind: 'consejo_comunitario', size: 210 },
    occurredDaysAgo: 70,
    description: 'El pozo comunitario se secó desde que empezaron a bombear agua del tajo. Las familias compran agua en carrotanque y no alcanza la plata.',
    hopedOutcome: 'Agua potable para las familias mientras se estudia el acuífero, y un pozo nuevo si se confirma el daño.',
    path: [{ action: 'acknowledge', by: 'liaisonEsperanza', afterDays: 1 }, { action: 'admit', by: 'ombudsman', afterDays: 5 }, { action: 'propose_agreement', by: 'liaisonEsperanza', afterDays: 30 }],
  },
  {
    status: 'in_mediation', company: 'valle-cesar', municipality: 'El Paso', place: 'Plan Bonito', categories: ['resettlement'],
    daysAgo: 70, identityMode: 'confidential', identity: { name: 'Marleny Villazón Díaz', documentId: '26945871', phone: '3208891234' }, by: 'complainant',
    escalationLevel: 1, occurredDaysAgo: 120,
    description: 'En el reasentamiento nos prometieron una casa con patio para las gallinas y la huerta, y nos entregaron un lote pequeño sin agua. La empresa dice que ya cumplió.',
    hopedOutcome: 'Que se revise el acta del reasentamiento y se cumpla lo prometido.',
    path: [{ action: 'acknowledge', by: 'liaisonValle', afterDays: 4 }, { action: 'admit', by: 'ombudsman', afterDays: 9 }, { action: 'start_mediation', by: 'ombudsman', reason: 'Pasaron 45 días hábiles sin acuerdo y las partes no coinciden sobre lo pactado en el acta.', afterDays: 60 }],
  },
  {
    status: 'in_implementation', company: 'perija', municipality: 'La Jagua de Ibirico', place: 'Las Palmitas', categories: ['community_investment'],
    daysAgo: 95, identityMode: 'named', identity: { name: 'Asociación de Madres Comunitarias Las Palmitas' }, by: 'facilitator',
    collective: { name: 'Madres comunitarias de Las Palmitas', kind: 'community', size: 45 },
    occurredDaysAgo: 150,
    description: 'La empresa se comprometió en 2024 a terminar el techo del hogar infantil y la obra quedó a medias. Cuando llueve se mojan los niños.',
    hopedOutcome: 'Terminar el techo antes de las lluvias de octubre.',
    path: [{ action: 'acknowledge', by: 'liaisonPerija', afterDays: 1 }, { action: 'admit', by: 'ombudsman', afterDays: 4 }, { action: 'propose_agreement', by: 'liaisonPerija', afterDays: 20 }, { action: 'accept_agreement', by: 'system', afterDays: 26 }],
  },
  {
    status: 'resolved', company: 'la-esperanza', municipality: 'Becerril', place: 'Tamaquito', categories: ['land_property'],
    daysAgo: 160, identityMode: 'named', identity: { name: 'Yolanda Arias Mindiola', documentId: '49790123', phone: '3004567812' }, by: 'complainant',
    occurredDaysAgo: 170,
    description: 'Un contratista tumbó la cerca de mi parcela para pasar maquinaria y se salieron las vacas. Perdí dos terneros.',
    hopedOutcome: 'Que arreglen la cerca y paguen los terneros.',
    path: [{ action: 'acknowledge', by: 'liaisonEsperanza', afterDays: 1 }, { action: 'admit', by: 'ombudsman', afterDays: 3 }, { action: 'propose_agreement', by: 'liaisonEsperanza', afterDays: 12 }, { action: 'accept_agreement', by: 'system', afterDays: 15 }, { action: 'resolve', by: 'system', afterDays: 60 }],
  },
  {
    status: 'not_admitted', company: 'perija', municipality: 'Valledupar', categories: ['employment'],
    daysAgo: 40, identityMode: 'named', identity: { name: 'Hernán Zuleta Ramos', phone: '3014418820' }, by: 'complainant',
    occurredDaysAgo: 400,
    description: 'Me despidieron de la mina hace un año y quiero que me reintegren.',
    hopedOutcome: 'El reintegro al trabajo.',
    path: [{ action: 'acknowledge', by: 'liaisonPerija', afterDays: 2 }, { action: 'not_admit', by: 'ombudsman', reason: 'Es un conflicto laboral individual: corresponde al Ministerio del Trabajo (Inspección de Valledupar) o a la jurisdicción laboral. Se orientó al peticionario.', afterDays: 7 }],
  },
  {
    status: 'withdrawn', company: 'valle-cesar', municipality: 'Curumaní', place: 'San Roque', categories: ['noise_vibration'],
    daysAgo: 55, identityMode: 'anonymous',
    occurredDaysAgo: 60,
    description: 'El tren del carbón pita toda la noche al pasar por el caserío.',
    hopedOutcome: 'Que no piten de noche.',
    path: [{ action: 'acknowledge', by: 'liaisonValle', afterDays: 3 }, { action: 'withdraw', by: 'complainant', afterDays: 10 }],
  },
  {
    status: 'closed_unresolved', company: 'la-esperanza', municipality: 'Chimichagua', place: 'Saloa', categories: ['environment', 'water'],
    daysAgo: 130, identityMode: 'confidential', identity: { name: 'Luis Alberto Guerra', phone: '3183327745' }, by: 'facilitator',
    escalationLevel: 2, occurredDaysAgo: 140,
    description: 'En la ciénaga de Zapatosa aparecieron peces muertos después de las lluvias. Los pescadores creemos que es por el agua que sale de la mina.',
    hopedOutcome: 'Un estudio independiente del agua de la ciénaga.',
    path: [{ action: 'acknowledge', by: 'liaisonEsperanza', afterDays: 5 }, { action: 'admit', by: 'ombudsman', afterDays: 10 }, { action: 'start_mediation', by: 'ombudsman', reason: 'Sin respuesta sustantiva de la empresa en el plazo.', afterDays: 70 }, { action: 'close_unresolved', by: 'ombudsman', reason: 'La empresa no aceptó el estudio independiente. Se remitió el caso a Corpocesar y a la Procuraduría Ambiental; la comunidad conserva todas las acciones judiciales.', afterDays: 110 }],
  },
];
