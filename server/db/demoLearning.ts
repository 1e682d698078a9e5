/**
 * The demo's taxonomy of root causes for coal mining in Cesar (issue #17 item 1), its companies' sites
 * and a few demo cases tagged with their causes, so the case page, the oversight's recurrence and the
 * admin's taxonomy screen have something true-to-life to show. Company sites are invented like the
 * companies; the causes are those communities near Cesar's open-pit mines name most.
 */
import type { Queryable } from './database';

type Text = { es: string; en: string };

/** Causes under each demo category (by category code). */
export const DEMO_ROOT_CAUSES: Record<string, { code: string; name: Text }[]> = {
  air_dust: [
    { code: 'haul_road', name: { es: 'Vías de acarreo sin riego', en: 'Unwatered haul roads' } },
    { code: 'blasting_dust', name: { es: 'Nube de polvo de las voladuras', en: 'Dust cloud from blasting' } },
    { code: 'coal_stockpile', name: { es: 'Patios de acopio de carbón', en: 'Coal stockpiles' } },
    { code: 'train_loading', name: { es: 'Cargue de trenes', en: 'Train loading' } },
    { code: 'waste_dump', name: { es: 'Botaderos de estéril', en: 'Waste-rock dumps' } },
  ],
  water: [
    { code: 'mine_water_discharge', name: { es: 'Vertimiento de aguas del tajo', en: 'Discharge of pit water' } },
    { code: 'diverted_stream', name: { es: 'Arroyo o cauce desviado', en: 'Diverted stream' } },
    { code: 'wells_drawdown', name: { es: 'Pozos secos por el bombeo del tajo', en: 'Wells dried by pit dewatering' } },
  ],
  noise_vibration: [
    { code: 'blasting_vibration', name: { es: 'Vibraciones de las voladuras', en: 'Blasting vibration' } },
    { code: 'night_machinery', name: { es: 'Maquinaria trabajando de noche', en: 'Machinery at night' } },
    { code: 'train_horn', name: { es: 'Paso y pito del tren', en: 'Passing trains and their horns' } },
  ],
  land_property: [
    { code: 'fences_crops', name: { es: 'Cercas y cultivos dañados por contratistas', en: 'Fences and crops damaged by contractors' } },
    { code: 'land_purchase', name: { es: 'Compra de predios y servidumbres', en: 'Land purchases and easements' } },
  ],
  road_safety: [{ code: 'coal_trucks', name: { es: 'Tractomulas del carbón', en: 'Coal trucks' } }],
  health: [{ code: 'dust_exposure', name: { es: 'Exposición al polvo de carbón', en: 'Exposure to coal dust' } }],
  resettlement: [{ code: 'resettlement_promises', name: { es: 'Compromisos del reasentamiento', en: 'Resettlement promises' } }],
  employment: [{ code: 'contractor_payments', name: { es: 'Pagos de contratistas', en: 'Contractors’ payments' } }],
  culture_sacred_sites: [{ code: 'works_near_sacred_sites', name: { es: 'Obras junto a sitios sagrados', en: 'Works next to sacred sites' } }],
  environment: [{ code: 'vegetation_clearing', name: { es: 'Tala y remoción de la cobertura vegetal', en: 'Clearing of vegetation' } }],
  community_investment: [{ code: 'unfinished_projects', name: { es: 'Obras sociales sin terminar', en: 'Unfinished community projects' } }],
};

/** The demo companies' sites and operations (by company slug). */
export const DEMO_SITES: Record<string, string[]> = {
  perija: ['Tajo La Jagua', 'Vía de acarreo Boquerón', 'Botadero norte'],
  'valle-cesar': ['Mina El Hatillo', 'Cargadero de tren La Loma'],
  'la-esperanza': ['Tajo Becerril', 'Patio de acopio Chiriguaná'],
};

/** Demo cases tagged with a cause (by company slug and vereda), at admission or at closure. */
const DEMO_TAGS: { company: string; place: string; cause: string; site?: string }[] = [
  { company: 'perija', place: 'Boquerón', cause: 'waste_dump', site: 'Botadero norte' },
  { company: 'la-esperanza', place: 'Estados Unidos', cause: 'blasting_vibration', site: 'Tajo Becerril' },
  { company: 'la-esperanza', place: 'Tamaquito', cause: 'fences_crops' },
  { company: 'la-esperanza', place: 'La Aurora', cause: 'wells_drawdown' },
  { company: 'la-esperanza', place: 'Saloa', cause: 'mine_water_discharge' },
];

/** Inserts the demo taxonomy, sites and tags into the demo mechanism (inside the seed's transaction). */
export async function seedDemoLearning(tx: Queryable, mechanismId: string, ombudsmanId: string, at: Date): Promise<void> {
  for (const [categoryCode, causes] of Object.entries(DEMO_ROOT_CAUSES)) {
    for (const [position, cause] of causes.entries()) {
      await tx.query(
        `INSERT INTO root_causes (mechanism_id, category_id, code, name, position)
         SELECT $1, id, $3, $4, $5 FROM categories WHERE mechanism_id = $1 AND code = $2`,
        [mechanismId, categoryCode, cause.code, JSON.stringify(cause.name), position],
      );
    }
  }
  for (const [slug, sites] of Object.entries(DEMO_SITES)) {
    for (const site of sites) {
      await tx.query('INSERT INTO company_sites (company_id, name) SELECT id, $3 FROM companies WHERE mechanism_id = $1 AND slug = $2', [mechanismId, slug, site]);
    }
  }
  for (const tag of DEMO_TAGS) {
    await tx.query(
      `INSERT INTO case_root_causes (case_id, root_cause_id, site_id, stage, tagged_by_user_id, tagged_by_role, tagged_at, confirmed_at, confirmed_by_user_id)
       SELECT c.id, r.id, s.id, CASE WHEN c.status IN ('resolved', 'closed_unresolved', 'not_admitted') THEN 'closure' ELSE 'admission' END,
              $5, 'ombudsman', $6, $6, $5
       FROM cases c JOIN companies co ON co.id = c.company_id JOIN veredas v ON v.id = c.vereda_id
       JOIN root_causes r ON r.mechanism_id = c.mechanism_id AND r.code = $4
       LEFT JOIN company_sites s ON s.company_id = co.id AND s.name = $7
       WHERE c.mechanism_id = $1 AND co.slug = $2 AND v.name = $3`,
      [mechanismId, tag.company, tag.place, tag.cause, ombudsmanId, at, tag.site ?? null],
    );
  }
}
