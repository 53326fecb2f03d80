import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { command, expectAccessible, registerMandate, resolutionNumber, screenshot, signIn } from './support';

test('the auditor reads a history, asks for a past state, verifies a downloaded export and sees a tampered one refused', async ({
  browser,
}, testInfo) => {
  const secretariat = await signIn(browser, 'carlos.mendez');
  await expect(secretariat.getByRole('link', { name: 'Audit' })).toHaveCount(0);
  const id = await registerMandate(secretariat, {
    symbol: `AG/RES. ${resolutionNumber()} (LIII-O/23)`,
    paragraph: '1',
    title: 'Prevention of crime and violence',
    text: 'Instructs the General Secretariat to support member states in the prevention of crime and violence.',
  });
  await command(secretariat, 'Assign', async (form) => {
    await form.getByRole('textbox', { name: 'Officer', exact: true }).fill('maria.gonzalez');
  });
  await expect(secretariat.locator('[aria-current="step"]')).toContainText('Assigned');

  const auditor = await signIn(browser, 'ana.silva');
  await test.step('read-only: the mandate shows no action to an auditor', async () => {
    await auditor.goto(`/console/mandates/${encodeURIComponent(id)}`);
    await expect(auditor.getByText('Your roles allow no action on this mandate now.')).toBeVisible();
    await expect(auditor.getByRole('button', { name: 'Register a mandate' })).toHaveCount(0);
  });

  await test.step('history across runs, and the state after the first event', async () => {
    await auditor.getByRole('link', { name: 'Audit' }).click();
    await auditor.getByLabel('Mandate id').fill(id);
    await auditor.getByRole('button', { name: 'Open its history' }).click();
    await expect(auditor.getByTestId('history').locator('tbody tr')).toHaveCount(2);
    await auditor.getByLabel('Or after event number').fill('1');
    await auditor.getByRole('button', { name: 'Show the state then' }).click();
    await expect(auditor.getByTestId('as-of-state')).toContainText('Registered');
    await expectAccessible(auditor);
  });

  const exportFile = testInfo.outputPath('export.json');
  await test.step('the signed export, downloaded and verified intact', async () => {
    const download = auditor.waitForEvent('download');
    await auditor.getByRole('link', { name: 'Download the signed export' }).click();
    await (await download).saveAs(exportFile);
    await auditor.getByLabel('Export file').click();
    await auditor.locator('input[type=file]').setInputFiles(exportFile);
    await auditor.getByRole('button', { name: 'Verify' }).click();
    await expect(auditor.getByTestId('verdict')).toHaveAttribute('data-intact', 'true');
    await expect(auditor.getByTestId('verdict')).toContainText('Intact');
    await auditor.getByRole('button', { name: 'Replay' }).click();
    await expect(auditor.getByTestId('replay-verdict')).toBeVisible();
    await screenshot(auditor, 'audit');
  });

  await test.step('one word changed in the export: not intact', async () => {
    const tampered = testInfo.outputPath('tampered.json');
    const text = readFileSync(exportFile, 'utf8');
    expect(text).toContain('Prevention of crime and violence');
    writeFileSync(tampered, text.replace('Prevention of crime and violence', 'Prevention of crime and violencE'));
    await auditor.locator('input[type=file]').setInputFiles(tampered);
    await auditor.getByRole('button', { name: 'Verify' }).click();
    await expect(auditor.getByTestId('verdict')).toHaveAttribute('data-intact', 'false');
    await expect(auditor.getByTestId('verdict')).toContainText('Not intact');
  });
});
