/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths';
import { accessibilityViolations } from '../support/accessibility';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';
import { anInteractionEvent, ingest } from '../support/events';
import { waitUntil } from '../support/wait';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const ACTIONS = ['Refresh', 'Send a message', 'Edit contact', 'Merge', 'Delete contact'];
const LONG_NAME = 'Edward Robert Ferrars-Dashwood of Norland Park';

/**
 * The card's header in a narrow side panel (issue #16): the contact's name keeps its room and the
 * actions that do not fit move into a "More actions" menu; a wide tab shows them all as buttons.
 */
describeInChromium('the card header in narrow and wide panels', () => {
  let app: RunningApp & { db: Parameters<typeof ingest>[0] };
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    app = await startAppOnFreshStore();
    browser = await launchChromium();
    await ingest(app.db, anInteractionEvent('interaction.started', {
      interactionId: 'call-edward', contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142', email: 'edward.ferrars@norland.example' },
    }), anInteractionEvent('interaction.started', {
      interactionId: 'call-long-name', contact: { name: LONG_NAME, phone: '+1 803-555-0177' },
    }));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function openCard(width: number, theme: 'default' | 'dark' = 'default', [interactionId, name] = ['call-edward', 'Edward Ferrars']): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    await page.goto(`${app.baseUrl}/tab?interactionId=${interactionId}&theme=${theme}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    return page;
  }

  const nameIsCut = (page: Page) => page.getByRole('heading', { level: 1 }).evaluate((h1) => h1.scrollWidth > h1.clientWidth);
  const header = (page: Page) => page.locator('article header');
  const buttonNames = async (page: Page) => Promise.all((await header(page).getByRole('button').all()).map((b) => b.getAttribute('aria-label').then((label) => label ?? b.innerText())));

  it.each([320, 520])('at %i px the name shows in full and every action is a button or in "More actions", by keyboard', async (width) => {
    const page = await openCard(width);
    const more = header(page).getByRole('button', { name: 'More actions' });
    await more.waitFor(); // the overflow is measured after the first layout
    expect(await nameIsCut(page)).toBe(false);
    const buttons = (await buttonNames(page)).filter((name) => name !== 'More actions');
    expect(buttons.length).toBeLessThan(ACTIONS.length);

    await more.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu');
    await menu.waitFor();
    const items = await menu.getByRole('menuitem').allInnerTexts();
    expect([...buttons, ...items]).toEqual(ACTIONS); // each once, in the header's order
    await page.screenshot({ path: path.join(SCREENSHOTS, `card-header-${width}-en-light.png`), animations: 'disabled' });

    // The last action, Delete, is in the menu at both widths: chosen by keyboard, its dialog opens.
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog', { name: 'Delete Edward Ferrars?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await waitUntil(() => more.evaluate((button) => button === document.activeElement)); // focus back where the agent was
    await page.close();
  });

  it('a name longer than a 320 px panel wraps rather than being cut', async () => {
    const page = await openCard(320, 'default', ['call-long-name', LONG_NAME]);
    await header(page).getByRole('button', { name: 'More actions' }).waitFor();
    expect(await nameIsCut(page)).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'card-header-long-name-320-en-light.png'), animations: 'disabled' });
    await page.close();
  });

  it('at 1024 px every action is a button and there is no "More actions"', async () => {
    const page = await openCard(1024);
    expect(await nameIsCut(page)).toBe(false);
    expect(await buttonNames(page)).toEqual(ACTIONS);
    await page.close();
  });

  it.each([320, 520, 1024])('at %i px the header, its menu open, meets WCAG 2 AA in the dark theme', async (width) => {
    const page = await openCard(width, 'dark');
    expect(await nameIsCut(page)).toBe(false);
    if (width < 1024) {
      await header(page).getByRole('button', { name: 'More actions' }).click();
      await page.getByRole('menu').waitFor();
    }
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, `card-header-${width}-en-dark.png`), animations: 'disabled' });
    await page.close();
  });
});
