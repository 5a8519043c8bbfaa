/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths';
import de from '../../tab/src/i18n/locales/de.json';
import en from '../../tab/src/i18n/locales/en.json';
import fr from '../../tab/src/i18n/locales/fr.json';
import ja from '../../tab/src/i18n/locales/ja.json';
import sv from '../../tab/src/i18n/locales/sv.json';
import { accessibilityViolations } from '../support/accessibility';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';
import { anInteractionEvent, contactOf, ingest } from '../support/events';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
type Messages = typeof en;
const fill = (text: string, values: Record<string, string>) => text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');

/** Opens a card action: a button where the header has room, else an item of its overflow menu. */
async function cardAction(page: Page, m: Messages, name: string): Promise<void> {
  const button = page.getByRole('article').getByRole('button', { name, exact: true });
  if (await button.isVisible()) return button.click();
  await page.getByRole('button', { name: m.card.moreActions }).click();
  await page.getByRole('menuitem', { name }).click();
}

/**
 * #16: the merge preview with its choices, and a card merged meanwhile, in every language and theme,
 * in a 320 px panel, a 520 px side panel and a wide tab: no axe violations, nothing wider than the
 * panel, operable by keyboard.
 */
describeInChromium('merge choices in five languages, three themes and three widths', () => {
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

  const MESSAGES: Record<string, Messages> = { en, ja: ja as Messages, fr: fr as Messages, de: de as Messages, sv: sv as Messages };
  it.each([
    ['en', 'default', 1024],
    ['ja', 'dark', 320],
    ['fr', 'contrast', 520],
    ['de', 'dark', 520],
    ['sv', 'default', 320],
  ] as const)('%s, %s theme, %i px', async (locale, theme, width) => {
    const m = MESSAGES[locale]!;
    const yesterday = new Date(Date.now() - 86_400_000);
    await ingest(
      app.db,
      anInteractionEvent('interaction.started', { interactionId: `mail-${locale}`, channel: 'email', occurredAt: yesterday, contact: { name: 'Ed Ferrars', email: `ed.${locale}@norland.example` } }),
      anInteractionEvent('interaction.started', { interactionId: `call-${locale}`, channel: 'voice', contact: { name: 'Edward Ferrars', phone: `+1 803 555 03${Object.keys(MESSAGES).indexOf(locale)}0` } }),
    );
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`${app.baseUrl}/tab?interactionId=call-${locale}&locale=${locale}&theme=${theme}`);
    await page.getByRole('heading', { name: 'Edward Ferrars', level: 1 }).waitFor();

    await cardAction(page, m, m.card.merge);
    const dialog = page.getByRole('dialog', { name: fill(m.merge.title, { name: 'Edward Ferrars' }) });
    await dialog.getByRole('list', { name: m.merge.suggested }).getByRole('button', { name: new RegExp(`ed\\.${locale}@`) }).click();
    const survivor = dialog.getByRole('radiogroup', { name: m.merge.survivorLabel });
    const name = dialog.getByRole('radiogroup', { name: m.contact.name });
    await name.waitFor();
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    const box = (await page.locator('.fui-DialogSurface').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    await page.screenshot({ path: path.join(SCREENSHOTS, `merge-choices-${locale}-${theme}-${width}.png`), animations: 'disabled' });

    // By keyboard: the arrow keys move each choice, and Escape closes the dialog.
    await survivor.getByRole('radio', { checked: true }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(survivor.getByRole('radio', { name: /^Ed Ferrars/ }).isChecked()).resolves.toBe(true);
    await dialog.getByText(fill(m.merge.confirmIntro, { merged: 'Edward Ferrars', survivor: 'Ed Ferrars' })).waitFor();
    await name.getByRole('radio', { checked: true }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(name.getByRole('radio', { name: fill(m.merge.valueFrom, { value: 'Edward Ferrars', name: 'Edward Ferrars' }) }).isChecked()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await contactOf(app.db, `call-${locale}`)).not.toBe(await contactOf(app.db, `mail-${locale}`));
    await page.close();
  });
});
