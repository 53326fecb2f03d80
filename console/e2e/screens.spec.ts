import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectAccessible, isoDay, registerMandate, resolutionNumber, screenshot, signIn } from './support';

test('import: a dry run gives each row its verdict, a commit registers the new ones', async ({ browser }, testInfo) => {
  const secretariat = await signIn(browser, 'carlos.mendez');
  const number = resolutionNumber();
  const file = testInfo.outputPath('resolution.csv');
  writeFileSync(
    file,
    [
      'resolution,title,body,adopted,paragraph,mandate',
      `"AG/RES. ${number} (LIII-O/23)","Firearms","GENERAL_ASSEMBLY","2023-06-21","1","Instructs the General Secretariat to support the CIFTA."`,
      `"AG/RES. ${number} (LIII-O/23)","Firearms","GENERAL_ASSEMBLY","2023-06-21","2","Requests a report on illicit trafficking in firearms."`,
      `"not a symbol","Firearms","GENERAL_ASSEMBLY","2023-06-21","3","Anything."`,
    ].join('\r\n'),
  );
  await secretariat.getByRole('link', { name: 'Import' }).click();
  await secretariat.locator('input[type=file]').setInputFiles(file);
  await secretariat.getByRole('button', { name: 'Dry run' }).click();
  const rows = secretariat.getByTestId('import-rows');
  await expect(rows.locator('tr[data-verdict="would_register"]')).toHaveCount(2);
  await expect(rows.locator('tr[data-verdict="invalid"]')).toHaveCount(1);
  await expectAccessible(secretariat);
  await secretariat.getByRole('button', { name: 'Commit (2 new mandates)' }).click();
  await expect(rows.locator('tr[data-verdict="registered"]')).toHaveCount(2);
  await expect(secretariat.getByTestId('import-summary')).toContainText('Registered: 2');

  // The OAS sample: 30 real mandates of public-security resolutions (the register the screenshots show).
  await secretariat.locator('input[type=file]').setInputFiles(join(__dirname, '../../test/fixtures/oas-mandates.json'));
  await secretariat.getByRole('button', { name: 'Dry run' }).click();
  await expect(rows.locator('tr[data-verdict="would_register"]')).toHaveCount(30);
  await secretariat.getByRole('button', { name: 'Commit (30 new mandates)' }).click();
  await expect(rows.locator('tr[data-verdict="registered"]')).toHaveCount(30, { timeout: 60_000 });
});

test('the register: search, filters, due-soon badges, a CSV of the view; dashboard and calendar', async ({
  browser,
}) => {
  const secretariat = await signIn(browser, 'carlos.mendez');
  const number = resolutionNumber();
  await registerMandate(secretariat, {
    symbol: `AG/RES. ${number} (LIII-O/23)`,
    paragraph: '5',
    title: 'Victim assistance',
    text: 'Instructs the General Secretariat to assist victims of crime, and to report annually.',
    dueOn: isoDay(10),
  });
  await secretariat.getByRole('link', { name: 'Register', exact: true }).click();
  await expect(async () => {
    await secretariat.getByLabel('Search').fill(`${number}`);
    await secretariat.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(secretariat.getByTestId('mandate-table')).toContainText('Victim assistance', { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  const row = secretariat.getByTestId('mandate-table').locator('tbody tr').first();
  await expect(row).toContainText('Due in 10 days');
  await secretariat.getByRole('combobox', { name: 'Status' }).click();
  await secretariat.getByRole('option', { name: 'Registered' }).click();
  await expect(secretariat).toHaveURL(/status=registered/);
  await expect(row).toContainText('Victim assistance');
  const download = secretariat.waitForEvent('download');
  await secretariat.getByRole('link', { name: 'Export this view (CSV)' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv).toContain(`AG/RES. ${number} (LIII-O/23)`);
  expect(csv.trim().split('\n')).toHaveLength(2);
  await expectAccessible(secretariat);

  await secretariat.getByRole('link', { name: 'Dashboard' }).click();
  await expect(secretariat.getByRole('heading', { name: 'By status' })).toBeVisible();
  await expect(secretariat.locator('.recharts-surface').first()).toBeVisible();
  await expectAccessible(secretariat);
  await screenshot(secretariat, 'dashboard');

  await secretariat.getByRole('link', { name: 'Calendar' }).click();
  await expect(secretariat.getByText('Victim assistance')).toBeVisible();
  await secretariat.getByRole('button', { name: 'Create a subscription address' }).click();
  await expect(secretariat.getByTestId('feed-url')).toContainText('/calendar/feeds/');
  const feed = await secretariat.request.get((await secretariat.getByTestId('feed-url').textContent())!);
  expect(await feed.text()).toContain('BEGIN:VCALENDAR');
  await expectAccessible(secretariat);
});

test('in Spanish: chosen in the switch, remembered, dates and words localised', async ({ browser }) => {
  const officer = await signIn(browser, 'maria.gonzalez');
  await officer.getByRole('combobox', { name: 'Language' }).click();
  await officer.getByRole('option', { name: 'Español' }).click();
  await expect(officer.getByRole('link', { name: 'Mis mandatos' })).toBeVisible();
  await expect(officer.getByRole('heading', { name: 'Registro' })).toBeVisible();
  await expect(officer.locator('html')).toHaveAttribute('lang', 'es');
  await officer.reload();
  await expect(officer.getByRole('button', { name: 'Cerrar sesión' })).toBeVisible();
  // Dates as Spanish writes them: "Cifras al 28 nov 2026".
  await officer.getByRole('link', { name: 'Panel' }).click();
  const months = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sept?', 'oct', 'nov', 'dic'];
  await expect(officer.getByText(new RegExp(`^Cifras al \\d{1,2} (${months.join('|')}) \\d{4}$`))).toBeVisible();
  await expectAccessible(officer);
});

test('a browser that prefers Spanish gets Spanish from the start; signing out ends the session', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'es-ES' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Iniciar sesión' })).toBeVisible();
  await expectAccessible(page);
  await context.close();

  const secretariat = await signIn(browser, 'carlos.mendez');
  await screenshot(secretariat, 'register');
  // The session is an HttpOnly, SameSite=Lax cookie; no token is left where a script could read it.
  const [cookie] = (await secretariat.context().cookies()).filter((c) => c.name === 'mandate-console');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/console' });
  const stored = await secretariat.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  expect(stored).not.toMatch(/eyJ/); // no JWT
  expect(stored).not.toContain(cookie.value);
  // A request that carries the cookie but not the session's CSRF token (a forged one) changes nothing.
  const forged = await secretariat.request.post('/console/api/mandates', { data: {} });
  expect(forged.status()).toBe(403);
  expect(await forged.json()).toMatchObject({ message: expect.stringContaining('CSRF') });
  await secretariat.getByRole('button', { name: 'Sign out' }).click();
  // The provider asks to confirm its own sign-out, then sends the browser back to the console.
  await secretariat.getByRole('button', { name: /yes, sign me out/i }).click();
  await expect(secretariat.getByRole('link', { name: 'Sign in' })).toBeVisible();
  const api = await secretariat.request.get('/console/api/mandates');
  expect(api.status()).toBe(401);
});
