/**
 * One whole case through the real screens, on three phones: a logged-in complainant files a named
 * complaint against Carbones del Perijá; the company's liaison confirms receipt; the Defensoría admits
 * it; the two sides write to each other, meet, record and approve the minutes, agree on a commitment;
 * the company reports it done, the complainant confirms it, the Defensoría verifies it and the case is
 * resolved; the complainant says how satisfied they are. Only the database is read directly, to check
 * what was stored.
 */
import type { Page } from 'playwright-core';
import { DEMO, getTestServer, type TestServer } from '../support';
import { launchBrowser, logInThroughForm, openComplaintForm, phonePage, widthOf, type TestBrowser } from './browser';

const NEXT = 'Siguiente';

/** The case's status badge shows `status`. */
const statusIs = (page: Page, status: string) => page.locator('.badge').filter({ hasText: status }).first().waitFor();

/** The entry of the thread holding `text`. */
const entry = (page: Page, text: string) => page.locator('ol.thread').locator('li').filter({ hasText: text }).first();

/** Writes a message to all the parties and sends it. */
async function writeToAll(page: Page, text: string): Promise<void> {
  await page.getByRole('radio', { name: /^Todas las partes/ }).check();
  await page.getByLabel('Su mensaje').fill(text);
  await page.getByRole('button', { name: 'Enviar mensaje' }).click();
}

describe('A whole case in the browser, from complaint to satisfaction', () => {
  let server: TestServer;
  let chrome: TestBrowser;
  beforeAll(async () => {
    server = await getTestServer({ withClient: true });
    chrome = await launchBrowser();
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('When a named complaint goes through receipt, admission, dialogue, a meeting, an agreement and its commitment, Then each person sees every step in Spanish, the case ends resolved and the rating is stored', async () => {
    // The complainant, logged in, files a named complaint through the wizard.
    const complainant = await phonePage(chrome.browser, server.url);
    const { page: c } = complainant;
    await logInThroughForm(c, DEMO.complainant);
    await openComplaintForm(c);
    await c.getByText('Paso 1 de 10', { exact: true }).waitFor();
    const story = 'Desde que la mina amplió el botadero norte, el polvo de carbón entra a la escuela de la vereda y los niños tosen en clase.';
    await c.getByLabel('Cuente lo que pasó').fill(story);
    await c.getByRole('button', { name: NEXT }).click();
    await c.getByText('Paso 2 de 10', { exact: true }).waitFor();
    await c.getByRole('button', { name: NEXT }).click();
    await c.getByText('Paso 3 de 10', { exact: true }).waitFor();
    await c.getByLabel('Municipio').selectOption({ label: 'Becerril' });
    await c.getByRole('button', { name: NEXT }).click();
    await c.getByText('Paso 4 de 10', { exact: true }).waitFor();
    await c.getByRole('radio', { name: 'Carbones del Perijá S.A.S.' }).check();
    await c.getByRole('button', { name: NEXT }).click();
    await c.getByText('Paso 5 de 10', { exact: true }).waitFor();
    await c.getByRole('checkbox', { name: /^Aire y polvo/ }).check();
    await c.getByRole('button', { name: NEXT }).click();
    await c.getByText('Paso 6 de 10', { exact: true }).waitFor();
    await c.getByRole('radio', { name: 'Para mí o para mi familia' }).check();
    await c.getByRole('button', { name: NEXT }).click();
    await c.getByText('Paso 7 de 10', { exact: true }).waitFor();
    await c.getByRole('radio', { name: /^Con nombre/ }).check();
    await c.getByText('La empresa verá su nombre, pero nunca su cédula, teléfono ni correo.').waitFor();
    await c.getByLabel('Su nombre', { exact: true }).fill('Yolanda Arias Mindiola');
    await c.getByRole('radio', { name: 'Sin contacto' }).check();
    await c.getByRole('button', { name: NEXT }).click();
    await c.getByText('Paso 8 de 10', { exact: true }).waitFor();
    await c.getByRole('button', { name: NEXT }).click();
    await c.getByText('Paso 9 de 10', { exact: true }).waitFor();
    await c.getByRole('checkbox', { name: /Leí la política de datos/ }).check();
    await c.getByRole('button', { name: NEXT }).click();
    await c.getByText('Paso 10 de 10', { exact: true }).waitFor();
    await c.getByText(story).waitFor();
    await c.getByRole('button', { name: 'Enviar la queja' }).click();
    await c.getByRole('heading', { name: 'Su queja fue enviada' }).waitFor();
    const reference = (await c.getByTestId('receipt-reference').textContent())!.trim();
    expect(reference).toMatch(/^CES-\d{4}-\d{6}$/);
    const filed = await server.db.one<{ id: string; identity_mode: string; company: string; status: string }>(
      `SELECT c.id, c.identity_mode, co.slug AS company, c.status FROM cases c JOIN companies co ON co.id = c.company_id WHERE c.reference = $1`,
      [reference],
    );
    expect(filed).toMatchObject({ identity_mode: 'named', company: 'perija', status: 'received' });
    await c.getByRole('link', { name: 'Abrir el caso' }).click();
    await c.getByRole('heading', { level: 1, name: reference }).waitFor();
    await statusIs(c, 'Recibida');

    // The Perijá liaison opens it from the queue, sees the name, and confirms receipt.
    const liaison = await phonePage(chrome.browser, server.url);
    const { page: l } = liaison;
    await logInThroughForm(l, DEMO.liaisonPerija);
    await l.getByRole('heading', { name: 'Casos de Carbones del Perijá S.A.S.' }).waitFor();
    await l.locator('.case-card').filter({ hasText: reference }).getByText('Yolanda Arias Mindiola').waitFor();
    await l.getByRole('link', { name: reference }).click();
    await l.getByRole('heading', { level: 1, name: reference }).waitFor();
    await l.getByRole('button', { name: 'Confirmar recibo' }).click();
    await l.getByRole('button', { name: 'Sí, confirmar el recibo' }).click();
    await statusIs(l, 'Recibo confirmado');
    await statusIs(c, 'Recibo confirmado');

    // The Defensoría admits it.
    const ombudsman = await phonePage(chrome.browser, server.url);
    const { page: o } = ombudsman;
    await logInThroughForm(o, DEMO.ombudsman);
    await o.goto(`/casos/${filed.id}`);
    await o.getByRole('heading', { level: 1, name: reference }).waitFor();
    await o.getByRole('button', { name: 'Admitir', exact: true }).click();
    await o.getByRole('button', { name: 'Sí, admitir la queja' }).click();
    await statusIs(o, 'En diálogo');
    await statusIs(l, 'En diálogo');
    await statusIs(c, 'En diálogo');

    // The two sides write to each other, each seeing the other's message arrive.
    await writeToAll(l, 'Buenos días, señora Yolanda. ¿Podemos reunirnos en la escuela para ver el problema?');
    const fromCompany = entry(c, '¿Podemos reunirnos en la escuela');
    await fromCompany.getByText('Andrés Castro Pinto · Empresa').waitFor();
    await writeToAll(c, 'Sí, con gusto. Los espero con la rectora de la escuela.');
    await entry(l, 'Los espero con la rectora').getByText('Yolanda Arias Mindiola · Peticionario').waitFor();
    await entry(c, 'Los espero con la rectora').getByText('Usted').waitFor();

    // The liaison schedules the meeting with its agenda; everyone sees it.
    await l.getByRole('button', { name: 'Programar una reunión' }).click();
    await l.getByLabel('Fecha y hora').fill('2026-11-27T09:00');
    await l.getByLabel('Lugar').fill('Escuela de la vereda Tamaquito');
    await l.getByLabel('Temas a tratar').fill('Polvo en la escuela y medidas para el botadero norte.');
    await l.locator('form').getByRole('button', { name: 'Programar una reunión' }).click();
    await c.getByText('Polvo en la escuela y medidas para el botadero norte.').waitFor();
    await entry(c, 'Se programó una reunión')
      .getByText(/Escuela de la vereda Tamaquito/)
      .waitFor();

    // The minutes are recorded by the liaison who scheduled it, and both sides approve them.
    await l.getByRole('button', { name: 'Registrar el acta' }).click();
    await l.getByLabel('Asistentes').fill('Yolanda Arias Mindiola\nCarbones del Perijá S.A.S.\nRectora de la escuela');
    await l.getByLabel('Acta', { exact: true }).fill('La empresa instalará mallas contra el polvo en el botadero norte antes de dos semanas.');
    await l.locator('form').getByRole('button', { name: 'Registrar el acta' }).click();
    await l.getByText('La comunidad no ha aprobado el acta.').waitFor();
    await c.getByText('La empresa instalará mallas contra el polvo').waitFor();
    await c.getByRole('button', { name: 'Aprobar el acta' }).click();
    await c.getByText('La comunidad aprobó el acta.').waitFor();
    await l.getByText('La comunidad aprobó el acta.').waitFor();
    await l.getByRole('button', { name: 'Aprobar el acta' }).click();
    await l.getByText('La empresa aprobó el acta.').waitFor();
    await c.getByText('La empresa aprobó el acta.').waitFor();

    // The liaison proposes an agreement with one commitment of the company, due in two weeks.
    await l.getByRole('button', { name: 'Proponer un acuerdo', exact: true }).click();
    await l.getByLabel('Texto del acuerdo').fill('La empresa instala mallas contra el polvo en el botadero norte, frente a la escuela.');
    const first = l.getByRole('group', { name: 'Compromiso 1' });
    await first.getByLabel('Quién').selectOption({ label: 'La empresa' });
    await first.getByLabel('Qué hará').fill('Instalar 200 metros de malla contra el polvo en el botadero norte.');
    await first.getByLabel('Para cuándo').fill('2026-12-04');
    await l.getByRole('button', { name: 'Enviar la propuesta' }).click();
    await statusIs(l, 'Acuerdo propuesto');
    await statusIs(c, 'Acuerdo propuesto');
    await c.getByText('Instalar 200 metros de malla contra el polvo en el botadero norte.').waitFor();
    await entry(c, 'Se propuso el acuerdo (versión 1).').waitFor();

    // Both sides accept: the agreement is in force.
    await c.getByRole('button', { name: 'Aceptar el acuerdo' }).click();
    await entry(c, 'Una de las partes aceptó el acuerdo (versión 1).').waitFor();
    await l.getByRole('button', { name: 'Aceptar el acuerdo' }).click();
    await statusIs(l, 'Cumpliendo el acuerdo');
    await statusIs(c, 'Cumpliendo el acuerdo');
    await entry(c, 'Las dos partes aceptaron: el acuerdo (versión 1) está en marcha.').waitFor();

    // The liaison reports the commitment done; the complainant confirms it.
    await l.getByRole('button', { name: 'Informar que se cumplió' }).click();
    await l.getByLabel('¿Cómo se cumplió?').fill('El 2 de diciembre se instalaron 200 metros de malla; la rectora lo vio.');
    await l.locator('form').getByRole('button', { name: 'Informar que se cumplió' }).click();
    await l.getByText('Estado: reportado como cumplido', { exact: false }).waitFor();
    await c.getByText('El 2 de diciembre se instalaron 200 metros de malla; la rectora lo vio.').waitFor();
    await c.getByRole('button', { name: 'Confirmar que se cumplió' }).click();
    await c.getByText('Estado: confirmado', { exact: false }).waitFor();
    await entry(c, 'Se confirmó que un compromiso se cumplió.').waitFor();

    // The Defensoría verifies it: the case is resolved.
    await o.getByText('Estado: confirmado', { exact: false }).waitFor();
    await o.getByRole('button', { name: 'Verificar' }).click();
    await statusIs(o, 'Resuelta');
    await statusIs(l, 'Resuelta');
    await statusIs(c, 'Resuelta');
    await entry(c, 'Todos los compromisos se verificaron: el caso quedó resuelto.').waitFor();

    // The complainant says how satisfied they are.
    await c.getByRole('radio', { name: /^4 — Satisfecho/ }).check();
    await c.getByLabel('¿Quiere contarnos algo más? (opcional)').fill('Ya no entra tanto polvo a la escuela.');
    await c.getByRole('button', { name: 'Calificar el resultado' }).click();
    await c.getByText('Calificación del resultado: 4 de 5 (Satisfecho).').waitFor();
    await entry(o, 'Se recibió la calificación del resultado: 4 de 5.').waitFor();
    expect(await c.getByRole('button', { name: 'Calificar el resultado' }).count()).toBe(0);

    const stored = await server.db.one<{ status: string; score: number; comment: string | null }>(
      `SELECT c.status, s.score, s.comment FROM cases c JOIN case_satisfaction s ON s.case_id = c.id WHERE c.id = $1`,
      [filed.id],
    );
    expect(stored).toEqual({ status: 'resolved', score: 4, comment: 'Ya no entra tanto polvo a la escuela.' });

    for (const phone of [complainant, liaison, ombudsman]) expect(await widthOf(phone.page)).toBeLessThanOrEqual(360);
    expect({ complainant: complainant.errors, liaison: liaison.errors, ombudsman: ombudsman.errors }).toEqual({ complainant: [], liaison: [], ombudsman: [] });
    await Promise.all([complainant.context.close(), liaison.context.close(), ombudsman.context.close()]);
  }, 180_000);
});
