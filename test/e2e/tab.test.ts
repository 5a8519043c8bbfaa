/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/// <reference lib="dom.iterable" />
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { insertContact } from '../../src/domain/contacts/contacts-store';
import { PROJECT_ROOT } from '../../src/paths';
import { accessibilityViolations } from '../support/accessibility';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';
import { anInteractionEvent, ingest } from '../support/events';
import { postEventApplied } from '../support/webhook-client';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const ELINOR = { id: 'elinor.dashwood@classics.example', name: 'Elinor Dashwood' };

/** The tab in a plain browser (development mode), against the real server and store. */
describeInChromium('customer card tab in headless Chromium', () => {
  let app: RunningApp & { db: Parameters<typeof ingest>[0] };
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    app = await startAppOnFreshStore();
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await seed();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 900, height: 1000 }, permissions: ['clipboard-read', 'clipboard-write'] });
  });
  afterEach(() => context.close());
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function seed() {
    const db = app.db;
    await ingest(
      db,
      anInteractionEvent('interaction.started', { interactionId: 'call-edward', channel: 'voice', agent: ELINOR, contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142', fields: { city: 'Barton' } } }),
      anInteractionEvent('interaction.started', { interactionId: 'chat-edward', channel: 'chat', agent: ELINOR, contact: { name: 'Edward Ferrars', email: 'edward@norland.example' } }),
      anInteractionEvent('interaction.message', {
        interactionId: 'chat-edward', channel: 'chat', contact: { email: 'edward@norland.example' },
        extra: { message: { id: 'm1', direction: 'inbound', text: 'Hello, I wrote yesterday about my order.' } },
      }),
    );
    const phone = { kind: 'phone' as const, value: '+18031230000' };
    await db.transaction(async (tx) => {
      await insertContact(tx, { type: 'curated', name: 'Alexis Grant', identifiers: [phone], createdAt: new Date('2026-02-04T09:00:00Z') });
      await insertContact(tx, { type: 'curated', name: 'David Grant', identifiers: [phone], createdAt: new Date('2026-03-20T09:00:00Z') });
    });
  }

  async function open(query: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/tab?${query}`);
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

  it('says it runs as the development identity outside Teams', async () => {
    const page = await open('');
    await page.getByText('Development mode').waitFor();
    await page.getByRole('heading', { name: 'Find a customer' }).waitFor();
    await shot(page, 'search-en-light');
  });

  it('one match: the full card', async () => {
    const page = await open('phone=(803) 555-0142');
    await page.getByRole('heading', { name: 'Edward Ferrars', level: 1 }).waitFor();
    await page.getByText('+1 803 555 0142').waitFor();
    await page.getByText('Barton').waitFor();
    await shot(page, 'lookup-one-en-light');
  });

  it('several matches: a list to pick from, a filter, and a way back', async () => {
    const page = await open('phone=+1 803 123 0000');
    await page.getByRole('heading', { name: '2 matching contacts' }).waitFor();
    await shot(page, 'lookup-several-en-light');

    await page.getByRole('searchbox', { name: 'Filter these results' }).fill('dav');
    await expect(page.getByRole('button', { name: /Alexis Grant/ }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: /David Grant/ }).click();
    await page.getByRole('heading', { name: 'David Grant', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Back to the list' }).click();
    await page.getByRole('heading', { name: '2 matching contacts' }).waitFor();
  });

  it('no match: the identifier, and Create contact pre-filled with the provided data', async () => {
    const page = await open('email=lucy.steele@example.com&name=Lucy Steele');
    await page.getByRole('heading', { name: 'No matching contact' }).waitFor();
    await page.getByText('No contact has the e-mail address lucy.steele@example.com.').waitFor();
    await expect(page.getByLabel('Name').inputValue()).resolves.toBe('Lucy Steele');
    await expect(page.getByLabel('E-mail').inputValue()).resolves.toBe('lucy.steele@example.com');
    await shot(page, 'lookup-none-en-light');

    await page.getByLabel('Phone').fill('not a number');
    await page.getByRole('button', { name: 'Create contact' }).click();
    await page.getByText('Enter a phone number, e.g. +1 803 555 0142.').waitFor();

    await page.getByLabel('Phone').fill('+44 7700 900123');
    await page.getByRole('button', { name: 'Create contact' }).click();
    await page.getByRole('heading', { name: 'Lucy Steele', level: 1 }).waitFor();
    await page.getByText('+44 7700 900123').waitFor();
  });

  it('a new message reaches the open card live, without reload', async () => {
    const page = await open('interactionId=chat-edward');
    await page.getByText('Hello, I wrote yesterday about my order.').waitFor();
    const loads: string[] = [];
    page.on('load', () => loads.push('reload'));

    const response = await postEventApplied(app, anInteractionEvent('interaction.message', {
      interactionId: 'chat-edward', channel: 'chat', contact: { email: 'edward@norland.example' },
      extra: { message: { id: 'm2', direction: 'inbound', text: 'It was order 1811, Sense and Sensibility.' } },
    }));
    expect(response.status).toBe(202);
    await page.getByText('It was order 1811, Sense and Sensibility.').waitFor({ timeout: 5000 });
    expect(loads).toEqual([]);
    await shot(page, 'interaction-live-en-light');
  });

  it('copies the phone number to the clipboard and confirms it', async () => {
    const page = await open('interactionId=call-edward');
    await page.getByRole('button', { name: 'Copy Phone +18035550142' }).click();
    await page.locator('.fui-ToastTitle', { hasText: 'Copied +18035550142 to the clipboard' }).waitFor(); // also announced to screen readers
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe('+18035550142');
  });

  it('follows the theme and language it is given: dark, high contrast, Japanese', async () => {
    const dark = await open('interactionId=chat-edward&theme=dark');
    await dark.getByRole('heading', { name: 'Edward Ferrars', level: 1 }).waitFor();
    await expect(backgroundOf(dark)).resolves.toBe('rgb(41, 41, 41)');
    await shot(dark, 'interaction-en-dark');

    const contrast = await open('interactionId=chat-edward&theme=contrast');
    await contrast.getByRole('heading', { name: 'Edward Ferrars', level: 1 }).waitFor();
    await expect(backgroundOf(contrast)).resolves.toBe('rgb(0, 0, 0)');
    await shot(contrast, 'interaction-en-contrast');

    const japanese = await open('interactionId=chat-edward&locale=ja-jp');
    await japanese.getByRole('button', { name: '現在のインタラクション' }).waitFor();
    await expect(japanese.evaluate(() => document.documentElement.lang)).resolves.toBe('ja');
    await shot(japanese, 'interaction-ja-light');
  });

  it.each(['default', 'dark', 'contrast'])('meets WCAG 2 AA, contrast included, in the %s theme', async (theme) => {
    const page = await open(`interactionId=chat-edward&theme=${theme}`);
    await page.getByRole('heading', { name: 'Edward Ferrars', level: 1 }).waitFor();
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
  });

  it('works by keyboard alone: sections fold and unfold, every button has a name', async () => {
    const page = await open('interactionId=call-edward');
    await page.getByRole('heading', { name: 'Edward Ferrars', level: 1 }).waitFor();
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('button')].filter((b) => !(b.getAttribute('aria-label') || b.textContent?.trim() || b.getAttribute('aria-labelledby'))).length,
    );
    expect(unnamed).toBe(0);

    const details = page.getByRole('button', { name: 'Contact details' });
    await details.focus();
    await expect(details.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.keyboard.press('Enter');
    await expect(details.getAttribute('aria-expanded')).resolves.toBe('false');
    await page.keyboard.press('Space');
    await expect(details.getAttribute('aria-expanded')).resolves.toBe('true');
  });
});

function backgroundOf(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.querySelector('main')!.parentElement!).backgroundColor);
}
