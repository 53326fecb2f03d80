import { expect, test } from '@playwright/test';
import { command, expectAccessible, fillRegistration, isoDay, resolutionNumber, screenshot, signIn } from './support';

test('a mandate from registration to closure, each step by the role that owns it', async ({ browser }) => {
  const number = resolutionNumber();
  const symbol = `AG/RES. ${number} (LIII-O/23)`;
  const secretariat = await signIn(browser, 'carlos.mendez');
  let id = '';

  await test.step('the secretariat registers it; a bad symbol is named beside its field first', async () => {
    const form = await fillRegistration(secretariat, {
      symbol: 'AG/RES. 12 (not a session)',
      paragraph: '3',
      title: 'Strengthening hemispheric cooperation on public security',
      text: 'Instructs the General Secretariat to support the Committee on Hemispheric Security and to report.',
      dueOn: isoDay(20),
    });
    await form.getByRole('button', { name: 'Register', exact: true }).click();
    // The API's 400 names the field: its words show beside the Resolution input, which is marked invalid.
    const resolution = form.getByLabel('Resolution');
    await expect(resolution).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByText(/resolutionSymbol .* is not a General Assembly/).first()).toBeVisible();
    await resolution.fill(symbol);
    await form.getByRole('button', { name: 'Register', exact: true }).click();
    await expect(secretariat).toHaveURL(/\/console\/mandates\//);
    id = decodeURIComponent(secretariat.url().split('/mandates/')[1]);
    await expect(secretariat.getByRole('heading', { name: symbol })).toBeVisible();
    await expect(secretariat.locator('[aria-current="step"]')).toContainText('Registered');
  });

  await test.step('the secretariat assigns it to the DPS and its officer', async () => {
    await command(secretariat, 'Assign', async (form) => {
      await form.getByRole('textbox', { name: 'Officer', exact: true }).fill('maria.gonzalez');
      await form.getByLabel("Officer's e-mail").fill('maria.gonzalez@example.org');
    });
    await expect(secretariat.locator('[aria-current="step"]')).toContainText('Assigned');
    // Due in 20 days: the page says so.
    await expect(secretariat.getByText('Due in 20 days').first()).toBeVisible();
  });

  const officer = await signIn(browser, 'maria.gonzalez');
  await test.step('the officer finds it on My mandates, records a follow-up and submits a report; steering commands are not hers', async () => {
    await officer.getByRole('link', { name: 'My mandates' }).click();
    await officer.getByRole('link', { name: new RegExp(symbol.replace(/[.()/]/g, '\\$&')) }).click();
    await expect(officer.getByRole('button', { name: 'Assign', exact: true })).toHaveCount(0);
    await expect(officer.getByRole('button', { name: 'Close the mandate' })).toHaveCount(0);
    await command(officer, 'Record a follow-up action', async (form) => {
      await form.getByLabel('Kind').click();
      await officer.getByRole('option', { name: 'Meeting' }).click();
      await form.getByLabel('Summary').fill('Met the Committee on Hemispheric Security secretariat.');
      await form.getByLabel('Date').fill(isoDay(0));
    });
    await expect(officer.locator('[aria-current="step"]')).toContainText('In follow-up');
    await command(officer, 'Submit a progress report', async (form) => {
      await form.getByLabel('Period from').fill('2023-07-01');
      await form.getByLabel('Period to').fill(isoDay(0));
      await form.getByLabel('Summary').fill('First progress report.');
      await form.getByLabel('Report document (link)').fill('https://example.org/reports/r1.pdf');
    });
    await expect(officer.locator('[aria-current="step"]')).toContainText('Report under review');
  });

  await test.step('the secretariat cannot close it while a report waits: the rule is said in words; then returns R1', async () => {
    await secretariat.reload();
    const close = await command(secretariat, 'Close the mandate', async (form) => {
      await form.getByLabel('Outcome').click();
      await secretariat.getByRole('option', { name: 'Fulfilled' }).click();
      await form.getByLabel('Reason').fill('Done.');
    });
    await expect(close.getByRole('alert')).toContainText(
      'A report is under review: review it before closing the mandate.',
    );
    await command(secretariat, 'Review report R1', async (form) => {
      await form.getByLabel('Decision').click();
      await secretariat.getByRole('option', { name: 'Return for revision' }).click();
      await form.getByLabel('Comments').fill('Add the figures for the second half of the year.');
    });
    await expect(secretariat.locator('[data-report="R1"]')).toContainText('Returned');
  });

  await test.step('the officer sees it returned, and resubmits', async () => {
    await officer.getByRole('link', { name: 'My mandates' }).click();
    const returned = officer.locator('section', {
      has: officer.getByRole('heading', { name: 'Returned for revision' }),
    });
    await expect(returned.getByRole('link', { name: new RegExp(String(number)) })).toBeVisible();
    await returned.getByRole('link', { name: new RegExp(String(number)) }).click();
    await command(officer, 'Submit a progress report', async (form) => {
      await form.getByLabel('Period from').fill('2023-07-01');
      await form.getByLabel('Period to').fill(isoDay(0));
      await form.getByLabel('Summary').fill('First progress report, with the second half of the year.');
      await form.getByLabel('Report document (link)').fill('https://example.org/reports/r2.pdf');
    });
    await expect(officer.locator('[data-report="R2"]')).toContainText('Under review');
  });

  await test.step('the secretariat accepts R2 and closes the mandate; the timeline says who did what, and why', async () => {
    await secretariat.reload();
    await command(secretariat, 'Review report R2', async (form) => {
      await form.getByLabel('Decision').click();
      await secretariat.getByRole('option', { name: 'Accept' }).click();
    });
    await expect(secretariat.locator('[data-report="R2"]')).toContainText('Accepted');
    await expectAccessible(secretariat);
    await screenshot(secretariat, 'mandate');
    await command(secretariat, 'Close the mandate', async (form) => {
      await form.getByLabel('Outcome').click();
      await secretariat.getByRole('option', { name: 'Fulfilled' }).click();
      await form.getByLabel('Reason').fill('The Committee received the report it asked for.');
    });
    await expect(secretariat.locator('[aria-current="step"]')).toContainText('Closed');
    await expect(secretariat.getByText('This mandate is closed: it takes no further action.')).toBeVisible();
    const timeline = secretariat.getByTestId('timeline');
    await expect(timeline.locator('[data-event="ProgressReportReturned"]')).toContainText('Carlos Méndez');
    await expect(timeline.locator('[data-event="ProgressReportSubmitted"]').first()).toContainText('María González');
    await expect(timeline).toContainText('Add the figures for the second half of the year.');
    await expect(timeline.locator('[data-event="MandateClosed"]')).toContainText('The Committee received the report');
  });

  await test.step("another dependency's officer neither lists it nor opens it", async () => {
    const other = await signIn(browser, 'jorge.ramirez');
    await expect(other.getByTestId('mandate-table').or(other.getByText('No mandate matches.'))).toBeVisible();
    await expect(other.getByText(symbol)).toHaveCount(0);
    await other.goto(`/console/mandates/${encodeURIComponent(id)}`);
    await expect(other.getByRole('alert')).toBeVisible();
    await expect(other.getByText(symbol)).toHaveCount(0);
  });
});
