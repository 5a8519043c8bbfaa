import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths';
import { accessibilityViolations, animationsFinished } from '../support/accessibility';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';
import { aWebVisit, anInteractionEvent, ingest } from '../support/events';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const DAY = 86_400_000;
const PAGES = ['Poetry', 'Novels', 'Order 1811 status', 'Delivery times', 'Poetry', 'Returns', 'Contact us', 'Order 1811 status', 'Gift cards', 'Contact us'];

/**
 * JOURNEY-1 in the tab: Edward's ten web visits over three days and his three interactions (an
 * e-mail and a chat before, the call being served now) drawn as a timeline, the call marked as
 * current, every event reachable with the arrow keys and listed for a screen reader.
 */
describeInChromium('the customer journey in the tab', () => {
  let app: RunningApp & { db: Parameters<typeof ingest>[0] };
  let browser: Browser;
  beforeAll(async () => {
    app = await startAppOnFreshStore();
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
    const start = Date.now() - 3 * DAY;
    const edward = { name: 'Edward Ferrars', phone: '+1 803-555-0142', cookie: 'gc_edward' };
    await ingest(app.db, anInteractionEvent('interaction.started', { interactionId: 'mail-edward', channel: 'email', contact: edward, occurredAt: new Date(start + 0.3 * DAY) }));
    // Visits in three sessions a day apart, three or four pages each, minutes apart.
    await ingest(app.db, ...PAGES.map((title, n) => {
      const visit = aWebVisit('gc_edward', `https://classics.example/page-${n}`, new Date(start + Math.floor(n / 4) * DAY + (n % 4) * 4 * 60_000));
      return { ...visit, visit: { ...(visit.visit as object), title } };
    }));
    await ingest(app.db, anInteractionEvent('interaction.started', { interactionId: 'chat-edward', channel: 'chat', contact: edward, occurredAt: new Date(start + 1.5 * DAY) }));
    await ingest(app.db, anInteractionEvent('interaction.started', { interactionId: 'call-edward', channel: 'voice', contact: edward }));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function openJourney(query: string, width: number, section = 'Journey'): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width, height: 1100 } })).newPage();
    await page.goto(`${app.baseUrl}/tab?interactionId=call-edward&${query}`);
    await page.getByRole('heading', { level: 1, name: 'Edward Ferrars' }).waitFor();
    await page.getByRole('button', { name: section }).click();
    return page;
  }

  it('draws ten visits and three interactions in time order, with the current call marked; the keyboard reaches each', async () => {
    const page = await openJourney('', 1000);
    const timeline = page.getByRole('list', { name: /^10 web visits and 3 interactions between / });
    await timeline.waitFor();
    const markers = await timeline.getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''));
    // Sessions of visits and the interactions between them, oldest first.
    const pages = (label: string) => /^(\d+) pages? visited/.exec(label)?.[1];
    expect(markers.map((label) => /^(E-mail|Chat|Call)/.exec(label)?.[1] ?? `${pages(label)} pages`)).toEqual([
      '4 pages', 'E-mail', '4 pages', 'Chat', '2 pages', 'Call',
    ]);
    expect(markers.at(-1)).toMatch(/\(current interaction\)$/);
    // Every page is there for a screen reader, titles in time order.
    const text = (await timeline.textContent())!;
    let from = 0;
    for (const title of PAGES) {
      const at = text.indexOf(title, from);
      expect(at).toBeGreaterThanOrEqual(from); // found, and after the page before it
      from = at + title.length;
    }

    await timeline.getByRole('button').first().focus();
    const focusedLabels: string[] = [];
    for (let i = 0; i < markers.length; i++) {
      focusedLabels.push(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''));
      await page.keyboard.press('ArrowRight');
    }
    expect(focusedLabels).toEqual(markers);
    await page.keyboard.press('Home');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe(markers[0]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'journey-en-light.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('fits a narrow side panel in the dark theme, in Japanese', async () => {
    const page = await openJourney('theme=dark&locale=ja-JP', 320, 'カスタマー ジャーニー');
    const timeline = page.getByRole('list', { name: /Web 訪問 10 件/ });
    await timeline.getByRole('button').last().waitFor({ state: 'visible' });
    await animationsFinished(page); // the section's opening animation
    await page.screenshot({ path: path.join(SCREENSHOTS, 'journey-ja-dark-320.png'), fullPage: true, animations: 'disabled' });
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
