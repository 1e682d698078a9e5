import { DEMO, getTestServer, type TestServer } from '../support';
import { launchBrowser, logInThroughForm, phonePage, widthOf, type TestBrowser } from './browser';
import { DEMO_PASSWORD } from '../../server/db/demoData';
import { GOOD_PASSWORD, linkSentTo } from '../accountHelpers';
import crypto from 'node:crypto';
import type { MechanismDto } from '../../shared/types/api';
import { checkScreen } from './accessibilityAudit';

describe('Administration in the browser (Chromium, phone-sized)', () => {
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

  it('When the admin adds a company and invites its liaison, Then the liaison accepts the link, sets a password and sees the empty queue', async () => {
    const admin = await phonePage(chrome.browser, server.url);
    const { page } = admin;
    await page.goto('/ingresar');
    await page.getByLabel('Correo electrónico').fill(DEMO.admin);
    await page.getByLabel('Contraseña', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Administración' }).waitFor();

    await page.getByRole('link', { name: 'Empresas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Empresas' }).waitFor();
    await page.getByLabel('Nombre', { exact: true }).fill('Carbones del Norte S.A.S.');
    await page.getByLabel('Identificador corto (sin espacios)').fill('carbones-norte');
    await page.getByRole('button', { name: 'Agregar' }).click();
    await page.locator('.user-card').filter({ hasText: 'Carbones del Norte S.A.S.' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);

    await page.getByRole('link', { name: 'Personas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personas' }).waitFor();
    // A form sent empty names its fields, in Spanish, before anything reaches the server.
    await page.getByRole('button', { name: 'Enviar invitación' }).click();
    await page.locator('.field-error').filter({ hasText: 'Este campo es obligatorio.' }).first().waitFor();
    await page.getByLabel('Correo electrónico').fill('enlace@carbonesnorte.co');
    await page.getByLabel('Nombre completo').fill('Rosa Daza');
    await page.getByLabel('Rol').selectOption('liaison');
    await page.getByLabel('Empresa').selectOption({ label: 'Carbones del Norte S.A.S.' });
    await page.getByRole('button', { name: 'Enviar invitación' }).click();
    await page.getByText('Invitación enviada a enlace@carbonesnorte.co.').waitFor();
    await page.locator('.user-card').filter({ hasText: 'Rosa Daza' }).getByText('invitada').waitFor();
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    // The liaison opens the e-mailed link on their own phone.
    const { link } = await linkSentTo(server.db, 'enlace@carbonesnorte.co');
    const liaison = await phonePage(chrome.browser, server.url);
    await liaison.page.goto(new URL(link).pathname);
    await liaison.page.getByRole('heading', { level: 1, name: 'Crear su contraseña' }).waitFor();
    await liaison.page.getByText('por Carbones del Norte S.A.S.').waitFor();
    await liaison.page.getByLabel('Contraseña nueva').fill('corta');
    await liaison.page.getByRole('button', { name: 'Guardar y entrar' }).click();
    await liaison.page.getByText(/al menos 10 caracteres/).waitFor();
    await liaison.page.getByLabel('Contraseña nueva').fill(GOOD_PASSWORD);
    await liaison.page.getByRole('button', { name: 'Guardar y entrar' }).click();
    await liaison.page.getByRole('heading', { name: 'Casos de Carbones del Norte S.A.S.' }).waitFor();
    await liaison.page.locator('.empty').first().waitFor();
    expect(await liaison.page.locator('.case-card').count()).toBe(0);
    expect(await liaison.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect(liaison.errors).toEqual([]);
    await liaison.context.close();
  });

  it('When someone asks for a password reset in the browser, Then the page answers without saying whether the account exists', async () => {
    const { page, errors, context } = await phonePage(chrome.browser, server.url);
    await page.goto('/ingresar');
    await page.getByRole('link', { name: '¿Olvidó su contraseña?' }).click();
    await page.getByLabel('Correo electrónico').fill('nadie@ninguna-parte.co');
    await page.getByRole('button', { name: 'Enviar enlace' }).click();
    await page.getByText(/Si hay una cuenta con ese correo/).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('When the admin creates a second mechanism and grants the demo ombudsman access to it, Then the officer sees its case, and after the grant is removed gets 404 for it', async () => {
    const admin = await phonePage(chrome.browser, server.url);
    const { page } = admin;
    await logInThroughForm(page, DEMO.admin);
    await page.goto('/admin/mecanismos');
    await page.getByRole('heading', { level: 1, name: 'Mecanismos' }).waitFor();
    await page.getByLabel('Nombre', { exact: true }).fill('La Guajira — carbón');
    await page.getByLabel('Región').fill('La Guajira, Colombia');
    await page.getByLabel('Identificador corto (en la dirección pública)').fill('la-guajira');
    await page.getByLabel('Prefijo de radicado').fill('gua');
    await page.getByRole('button', { name: 'Crear un mecanismo' }).click();
    await page.getByText('Mecanismo «La Guajira — carbón» creado.', { exact: false }).waitFor();

    // Its lists and a complaint filed from its public page, through the API as the forms would.
    const api = await server.loginAs(DEMO.admin);
    const guajiraId = (await server.db.one<{ id: string }>(`SELECT id FROM mechanisms WHERE slug = 'la-guajira'`)).id;
    const m = `/api/admin/mechanisms/${guajiraId}`;
    const company = (await api.post(`${m}/companies`, { name: 'Carbones de la Península S.A.', slug: 'peninsula' })).body;
    expect((await api.post(`${m}/municipalities`, { name: 'Albania', daneCode: '44035' })).status).toBe(201);
    expect(
      (await api.post(`${m}/categories`, { code: 'water', icon: 'droplet', name: { es: 'Agua', en: 'Water' }, description: { es: 'Agua.', en: 'Water.' } }))
        .status,
    ).toBe(201);
    const policy = (await api.post(`${m}/data-policies`, { text: { es: 'Política de datos de La Guajira.', en: 'La Guajira data policy.' } })).body;
    const visitor = await server.client();
    const lists = (await visitor.get('/api/mechanism?mechanism=la-guajira')).body as MechanismDto;
    const filed = await visitor.post('/api/complaints?mechanism=la-guajira', {
      idempotencyKey: crypto.randomUUID(),
      whatHappened: 'El arroyo Bruno dejó de correr frente a la ranchería desde que movieron su cauce.',
      municipalityId: lists.municipalities[0]!.id,
      companyId: company.id,
      categoryCodes: ['water'],
      identityMode: 'anonymous',
      contactPreference: 'none',
      consent: { policyVersion: policy.version, accepted: true },
    });
    expect(filed.status).toBe(201);
    const { caseId, reference } = filed.body as { caseId: string; reference: string };
    expect(reference).toMatch(/^GUA-/);

    // The officer's card in Cesar offers the other mechanism; granting it is announced.
    await page.getByRole('link', { name: 'Personas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personas' }).waitFor();
    const card = page.locator('.user-card').filter({ hasText: 'Lucía Mendoza Ariza' });
    const box = card.getByLabel('La Guajira — carbón');
    expect(await box.isChecked()).toBe(false);
    // A liaison is offered no grant; the admin is offered none on their own card.
    expect(await page.locator('.user-card').filter({ hasText: 'Andrés Castro Pinto' }).getByText('Acceso a otros mecanismos').count()).toBe(0);
    expect(await page.locator('.user-card').filter({ hasText: 'Administración Puente' }).getByText('Acceso a otros mecanismos').count()).toBe(0);
    await box.check();
    // On a slow line the button shows "Guardando…" and its name says the same (axe-core checks that too).
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    await page.route(
      (url) => /\/api\/admin\/mechanisms\/[^/]+\/users\/[^/]+$/.test(url.pathname),
      async (route) => {
        if (route.request().method() === 'PATCH') await answered;
        await route.continue();
      },
    );
    await card.getByRole('button', { name: 'Guardar acceso: Lucía Mendoza Ariza' }).click();
    await card.getByRole('button', { name: 'Guardando…: Lucía Mendoza Ariza' }).waitFor();
    await checkScreen(page);
    answer();
    await card.getByRole('status').filter({ hasText: 'Lucía Mendoza Ariza tiene acceso también a: La Guajira — carbón.' }).waitFor();
    expect(await widthOf(page)).toBeLessThanOrEqual(360);

    // In the Guajira list she appears as an officer of Cesar with access granted, and nothing there changes her.
    await page.getByLabel('Mecanismo que administra').selectOption({ label: 'La Guajira — carbón' });
    const guestCard = page.locator('.user-card').filter({ hasText: 'Lucía Mendoza Ariza' });
    await guestCard.getByText('acceso concedido', { exact: true }).waitFor();
    await guestCard.locator('dd').filter({ hasText: 'Cesar — minería de carbón' }).waitFor();
    expect(await guestCard.getByRole('button').count()).toBe(0);
    expect(await widthOf(page)).toBeLessThanOrEqual(360);

    // The officer, logged in on her own phone, finds the Guajira case in her list and opens it.
    const officer = await phonePage(chrome.browser, server.url);
    await logInThroughForm(officer.page, DEMO.ombudsman);
    await officer.page.goto('/casos');
    await officer.page.getByRole('heading', { level: 1, name: 'Todos los casos del mecanismo' }).waitFor();
    await officer.page.getByLabel('Buscar').fill(reference);
    await officer.page.getByText(reference).first().waitFor();
    await officer.page.goto(`/casos/${caseId}`);
    await officer.page.getByText('El arroyo Bruno dejó de correr').waitFor();
    expect(await widthOf(officer.page)).toBeLessThanOrEqual(360);

    // The admin removes the grant from the officer's home mechanism.
    await guestCard.getByRole('link', { name: 'Ir a las personas de Cesar — minería de carbón' }).click();
    const homeCard = page.locator('.user-card').filter({ hasText: 'Lucía Mendoza Ariza' });
    await homeCard.getByText('Acceso a otros mecanismos').waitFor();
    expect(await homeCard.getByLabel('La Guajira — carbón').isChecked()).toBe(true);
    await homeCard.getByLabel('La Guajira — carbón').uncheck();
    await homeCard.getByRole('button', { name: 'Guardar acceso: Lucía Mendoza Ariza' }).click();
    await homeCard
      .getByRole('status')
      .filter({ hasText: 'Lucía Mendoza Ariza ya no tiene acceso a ninguno de los otros mecanismos que usted administra.' })
      .waitFor();
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    // The same case now answers as if it did not exist, on screen and through the API.
    await officer.page.reload();
    await officer.page.getByRole('alert').filter({ hasText: 'No encontramos lo que busca.' }).waitFor();
    const res = await (await server.loginAs(DEMO.ombudsman)).get(`/api/cases/${caseId}`);
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
    // The reloaded page's requests for the case (its details, deadlines, thread) are the only failures her browser logs.
    expect(officer.errors.length).toBeGreaterThan(0);
    expect(new Set(officer.errors)).toEqual(new Set(['Failed to load resource: the server responded with a status of 404 (Not Found)']));
    await officer.context.close();
  });

  it('When a complainant who logs in by phone forgot the password and comes to the office, Then the admin creates a link, the person chooses a new password on their phone and logs in with it', async () => {
    const signedUp = await (await server.client()).post('/api/accounts', { displayName: 'Ovidio Mindiola', phone: '311 555 0142', password: GOOD_PASSWORD });
    expect(signedUp.status).toBe(201);

    const admin = await phonePage(chrome.browser, server.url);
    await logInThroughForm(admin.page, DEMO.admin);
    await admin.page.goto('/admin/personas');
    const panel = admin.page.locator('section').filter({ has: admin.page.getByRole('heading', { name: 'Recuperar el acceso de quien entra con su celular' }) });
    // A wrong number is named, on the field.
    await panel.getByLabel('Número de celular con que entra').fill('311 555 0999');
    await panel.getByRole('button', { name: 'Crear enlace' }).click();
    await panel.getByText('No hay una cuenta de peticionario con ese número de celular en este mecanismo.').waitFor();
    await panel.getByLabel('Número de celular con que entra').fill('311 555 0142');
    await panel.getByRole('button', { name: 'Crear enlace' }).click();
    await admin.page.getByRole('heading', { name: 'Enlace para Ovidio Mindiola' }).waitFor();
    await admin.page.getByText('Antes de entregarlo, compruebe con un documento que la persona es Ovidio Mindiola.', { exact: false }).waitFor();
    const link = (await admin.page.locator('code').filter({ hasText: '/restablecer/' }).textContent())!;
    expect(await widthOf(admin.page)).toBeLessThanOrEqual(360);
    // The refused number is the one failure the admin's browser logs.
    expect(new Set(admin.errors)).toEqual(new Set(['Failed to load resource: the server responded with a status of 404 (Not Found)']));
    await admin.context.close();

    const person = await phonePage(chrome.browser, server.url);
    await person.page.goto(new URL(link).pathname);
    await person.page.getByRole('heading', { name: 'Elegir una contraseña nueva' }).waitFor();
    await person.page.getByLabel('Contraseña nueva').fill('el burro de la finca se llama lucero');
    await person.page.getByRole('button', { name: 'Guardar contraseña' }).click();
    await person.page.getByText('Su contraseña quedó guardada y se cerraron las demás sesiones. Ya puede entrar.').waitFor();
    await logInThroughForm(person.page, '3115550142', 'el burro de la finca se llama lucero');
    expect(person.errors).toEqual([]);
    await person.context.close();
  });
});
