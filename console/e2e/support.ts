import AxeBuilder from '@axe-core/playwright';
import { type Browser, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import directory from '../../src/identity-provider/dev-directory.json';

/** A person of the embedded provider's development directory (src/identity-provider/dev-directory.json). */
export type Person = 'carlos.mendez' | 'maria.gonzalez' | 'jorge.ramirez' | 'ana.silva' | 'rosa.martinez';

/**
 * Signs a person in as they would: the console's sign-in button, the provider's own sign-in page, and back to the
 * console with a session. Each person gets a fresh browser context (cookies of their own).
 */
export async function signIn(browser: Browser, person: Person, options: { locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: options.locale ?? 'en-GB' });
  const page = await context.newPage();
  await page.goto('/');
  // By keyboard: the sign-in link is the page's first stop.
  const link = page.getByRole('link', { name: /sign in|iniciar sesión/i });
  await expect(link).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(link).toBeFocused();
  await page.keyboard.press('Enter');
  // The provider's page, on its own origin.
  await page.getByLabel('User name').fill(person);
  const user = directory.users.find((u) => u.username === person)!;
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('user-name')).toHaveText(user.name);
  return page;
}

/** axe-core over the page as it is now: no serious or critical WCAG 2.1 A/AA violation. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  expect(serious).toEqual([]);
}

/** The README's screenshots (docs/), when asked for: CONSOLE_SCREENSHOTS=1 npm run test:console. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.CONSOLE_SCREENSHOTS !== '1') return;
  const docs = join(__dirname, '../../docs');
  mkdirSync(docs, { recursive: true });
  await page.screenshot({ path: join(docs, `console-${name}.png`), fullPage: false });
}

let counter = 0;
/** A resolution number nobody else in this run uses (each test registers its own mandates). */
export function resolutionNumber(): number {
  counter += 1;
  return 3000 + (process.pid % 500) * 10 + counter;
}

export interface MandateFields {
  symbol: string;
  paragraph: string;
  title: string;
  text: string;
  dueOn?: string;
}

/** Opens the Register page's form and fills it, as the secretariat does; returns the dialog. */
export async function fillRegistration(page: Page, fields: MandateFields) {
  await page.goto('/console/');
  await page.getByRole('button', { name: 'Register a mandate' }).click();
  const form = page.getByRole('dialog');
  await form.getByRole('combobox', { name: 'Body' }).click();
  await page.getByRole('option', { name: 'General Assembly' }).click();
  await form.getByLabel('Resolution').fill(fields.symbol);
  await form.getByLabel('Paragraph').fill(fields.paragraph);
  await form.getByLabel('Adopted on').fill('2023-06-21');
  await form.getByLabel('Title').fill(fields.title);
  await form.getByRole('textbox', { name: 'Text', exact: true }).fill(fields.text);
  if (fields.dueOn) await form.getByLabel('Report due on').fill(fields.dueOn);
  return form;
}

/** Registers a mandate through the Register page's form; returns its id once its page shows. */
export async function registerMandate(page: Page, fields: MandateFields): Promise<string> {
  const form = await fillRegistration(page, fields);
  await form.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(page).toHaveURL(/\/console\/mandates\//);
  return decodeURIComponent(page.url().split('/mandates/')[1]);
}

/** Opens one command's form on a mandate page, fills it and sends it. */
export async function command(page: Page, name: string, fill: (form: ReturnType<Page['locator']>) => Promise<void>) {
  await page.getByRole('button', { name, exact: true }).first().click();
  const form = page.getByRole('form', { name });
  await fill(form);
  await form.getByRole('button', { name, exact: true }).click();
  return form;
}

/** YYYY-MM-DD, days from today (UTC). */
export function isoDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
