import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths';
import { accessibilityViolations } from '../support/accessibility';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');

/**
 * The custom fields page previews the card the bot posts in chats (issue #18): the Adaptive Cards
 * SDK renders it in the admin's theme and language, and it follows the fields switched on for chats.
 */
describeInChromium('the chat card preview on the custom fields page', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startAppOnFreshStore();
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
    const api = (apiPath: string, body: object) =>
      fetch(`${app.baseUrl}/api${apiPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await api('/admin/fields', { ident: 'loyalty-tier', labels: { en: 'Loyalty tier', ja: 'ロイヤルティ階層' }, type: 'dropdown', options: ['Gold', 'Silver'], visibleOnCard: true });
    await api('/admin/fields', { ident: 'billing-email', labels: { en: 'Billing e-mail' }, type: 'email' });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function admin(query: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 900, height: 1000 } })).newPage();
    await page.goto(`${app.baseUrl}/tab?admin=fields&${query}`);
    return page;
  }
  const shot = (target: Page | Locator, name: string) => target.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  /** The card's rendered colours, as the admin sees them. */
  const colours = (preview: Locator) => preview.locator('.ac-adaptiveCard').evaluate((card) => {
    const style = getComputedStyle(card);
    return { background: style.backgroundColor, text: getComputedStyle(card.querySelector('.ac-textBlock')!).color };
  });

  it('shows the fields switched on for chats, and follows a switch live in the dialog and once saved', async () => {
    const page = await admin('theme=default');
    const preview = page.getByRole('region', { name: 'Preview of the chat card' });
    await preview.getByText('Loyalty tier').waitFor();
    await preview.getByText('Gold').waitFor();
    await expect(preview.getByText('Billing e-mail').count()).resolves.toBe(0);
    await expect(colours(preview)).resolves.toEqual({ background: 'rgb(255, 255, 255)', text: 'rgb(36, 36, 36)' });
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(preview, 'fields-card-preview-en-light');

    await page.getByRole('button', { name: 'Edit Billing e-mail' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Billing e-mail' });
    const inDialog = dialog.getByRole('region', { name: 'Preview of the chat card' });
    await inDialog.getByText('Loyalty tier').waitFor();
    await dialog.getByRole('switch', { name: 'Visible on cards in chats' }).check();
    await inDialog.getByText('Billing e-mail').waitFor(); // live, before saving
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await shot(page, 'fields-card-preview-dialog-en-light');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await preview.getByText('Billing e-mail').waitFor();
    await preview.getByText('edward.ferrars@norland.example').first().waitFor();
    await shot(page, 'fields-card-preview-page-en-light');
  });

  it('takes the dark and high-contrast themes, and the admin\'s language', async () => {
    const dark = await admin('theme=dark');
    const preview = dark.getByRole('region', { name: 'Preview of the chat card' });
    await preview.getByText('Loyalty tier').waitFor();
    await expect(colours(preview)).resolves.toEqual({ background: 'rgb(41, 41, 41)', text: 'rgb(255, 255, 255)' });
    await expect(accessibilityViolations(dark)).resolves.toEqual([]);
    await shot(preview, 'fields-card-preview-en-dark');

    const contrast = await admin('theme=contrast&locale=ja-JP');
    const inJapanese = contrast.getByRole('region', { name: 'チャットのカードのプレビュー' });
    await inJapanese.getByText('ロイヤルティ階層').waitFor();
    await inJapanese.getByText('電話').waitFor();
    await expect(colours(inJapanese)).resolves.toEqual({ background: 'rgb(0, 0, 0)', text: 'rgb(255, 255, 255)' });
    await expect(accessibilityViolations(contrast)).resolves.toEqual([]);
    await shot(inJapanese, 'fields-card-preview-ja-contrast');
  });
});
