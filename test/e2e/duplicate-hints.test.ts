import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations } from '../support/accessibility';
import { startAppOnFreshStore } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');

/**
 * MERGE-8 in the tab: a new card with the name of a card already known shows a possible-duplicate
 * hint; Review merge opens the merge preview with that card, Dismiss makes the hint go for good.
 */
describeInChromium('possible duplicates on a new card, in headless Chromium', () => {
  let app: Awaited<ReturnType<typeof startAppOnFreshStore>>;
  let browser: Browser;
  let page: Page;
  let fresh: string;

  beforeAll(async () => {
    app = await startAppOnFreshStore();
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  beforeEach(async () => {
    await app.db.exec('TRUNCATE duplicate_dismissals, contact_identifiers, contacts CASCADE');
    const create = async (phone: string) => {
      const response = await fetch(`${app.baseUrl}/api/contacts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Edward Ferrars', phone }) });
      return ((await response.json()) as { contact: { id: string } }).contact.id;
    };
    await create('(803) 555-0142');
    fresh = await create('(803) 555-0199');
    page = await browser.newPage({ viewport: { width: 480, height: 900 } });
  });
  afterEach(() => page.close());
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const hint = () => page.getByText('Edward Ferrars (+1 803 555 0142) — same name, different phone number');

  it.each(['default', 'dark', 'contrast'])('shows the hint and meets WCAG 2 AA in the %s theme', async (theme) => {
    await page.goto(`${app.baseUrl}/tab?contactId=${fresh}&theme=${theme}`);
    await hint().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, `duplicate-hint-${theme}.png`) });
  });

  it('Review merge opens the preview with the other card; Dismiss, by keyboard, makes the hint go for good', async () => {
    await page.goto(`${app.baseUrl}/tab?contactId=${fresh}`);
    await page.getByRole('button', { name: 'Review merge with Edward Ferrars' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radiogroup', { name: 'Which card stays?' }).getByRole('radio', { name: /\+1 803 555 0142/ }).waitFor();
    await dialog.getByText('Identifiers after the merge:').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Dismiss: Edward Ferrars is not a duplicate' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('.fui-Toast', { hasText: 'Edward Ferrars is no longer suggested as a duplicate of this card.' }).waitFor(); // not its live-region announcement
    await hint().waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: 'Edward Ferrars', level: 1 }).waitFor();
    expect(await hint().count()).toBe(0);
  });
});
