import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths';
import { accessibilityViolations } from '../support/accessibility';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';
import { anInteractionEvent, contactOf, ingest } from '../support/events';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');

/**
 * ADMIN-4 in the tab, as the development user (an admin): find a contact, download everything
 * stored about it, erase it after the confirmation, and see both in the section's audit.
 */
describeInChromium('privacy on demand in the tab', () => {
  let app: RunningApp & { db: Parameters<typeof ingest>[0] };
  let browser: Browser;
  beforeAll(async () => {
    app = await startAppOnFreshStore();
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(query: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${app.baseUrl}/tab?${query}`);
    return page;
  }

  it('downloads the card as JSON, erases it after confirming, and audits both; the section meets WCAG 2 AA', async () => {
    await ingest(app.db, anInteractionEvent('interaction.started', { interactionId: 'call-lucy', contact: { name: 'Lucy Steele', phone: '803 555 0177' } }));
    const lucy = (await contactOf(app.db, 'call-lucy'))!;
    const page = await open('admin=privacy');
    await page.getByText('No exports or erasures yet.').waitFor();
    await expect(accessibilityViolations(page)).resolves.toEqual([]);

    await page.getByRole('searchbox', { name: 'Find a contact by name, phone number or e-mail address' }).fill('Lucy');
    await page.getByRole('button', { name: 'Search' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download everything stored about Lucy Steele' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`contact-${lucy}.json`);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as { contactId: string; contacts: Array<{ name: string }> };
    expect(exported).toMatchObject({ contactId: lucy, contacts: [{ name: 'Lucy Steele' }] });

    await page.getByRole('button', { name: 'Erase Lucy Steele' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Erase Lucy Steele?' });
    await dialog.getByText(/interactions are kept for statistics/).waitFor();
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'privacy-erase-confirm.png') });
    await dialog.getByRole('button', { name: 'Erase' }).click();
    await page.locator('.fui-Toast', { hasText: 'Lucy Steele was erased.' }).waitFor();

    const audit = page.getByRole('table', { name: 'Exports and erasures' });
    await audit.getByRole('row', { name: /Development User Erasure/ }).waitFor();
    await audit.getByRole('row', { name: /Development User Data export/ }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'privacy-audit.png'), fullPage: true });
    expect(await app.db.query('SELECT id FROM contacts')).toEqual([]);
    expect(await app.db.query('SELECT contact_id FROM interactions')).toEqual([{ contact_id: null }]);
  });
});
