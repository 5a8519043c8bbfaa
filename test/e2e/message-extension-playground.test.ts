import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';
import { anInteractionEvent, ingest } from '../support/events';
import { startPlayground, type RunningPlayground } from '../support/playground';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');

/**
 * The message extension and link unfurling (issue #18) in the Microsoft 365 Agents Playground, which
 * offers both from its compose box (+): a search command whose results it previews and inserts, and
 * a link it unfurls through the bot before sending. It reads no manifest, so the command's id and
 * parameter are typed in as Teams would send them from appPackage/manifest.json.
 */
describeInChromium('the compose box finds and unfurls customer cards in a Teams-like client (Agents Playground)', () => {
  let app: RunningApp & { db: Parameters<typeof ingest>[0] };
  let playground: RunningPlayground;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    app = await startAppOnFreshStore();
    playground = await startPlayground(`${app.baseUrl}/api/messages`);
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(10_000); // a step that fails says which, inside the test's time
    await page.goto(playground.url);
    await ingest(app.db, anInteractionEvent('interaction.started', { interactionId: 'me-call', contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142' } }));
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await playground?.close();
    await app?.close();
  });

  const composer = () => page.locator('[data-lexical-editor=true]');
  /** The customer cards in the conversation, by the contact's name as their heading reads. */
  const cardsOf = (name: string) => page.locator('.ac-adaptiveCard', { has: page.locator('.ac-textBlock', { hasText: name }) });
  async function openComposeExtension(kind: 'Search Command' | 'Link Unfurling'): Promise<void> {
    await page.getByRole('button', { name: 'Trigger Message Extension App' }).click();
    await page.getByText(kind, { exact: true }).click();
  }
  /** Asks the bot something and waits for its answer: whatever it answered before has arrived by then. */
  async function settle(): Promise<void> {
    await composer().fill('following');
    await composer().press('Enter');
    await page.getByText('This chat follows nothing yet.').last().waitFor();
  }

  it('finds a customer from the compose box and inserts their card in the chat, which the bot leaves unanswered', async () => {
    await composer().waitFor();
    await openComposeExtension('Search Command');
    await page.getByText('Specify Command ID or Parameter').click();
    await page.getByPlaceholder('Command ID').fill('findCustomerCard');
    await page.getByPlaceholder('Parameter name').fill('query');
    await page.getByPlaceholder('Enter a search term').fill('ferrars');
    const preview = page.getByText('+1 803 555 0142'); // the result's preview: the name, and the number as it reads
    await preview.waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'message-extension-search.png') });

    await preview.click();
    await page.getByRole('button', { name: 'Send Message' }).click();
    await cardsOf('Edward Ferrars').getByText('Recent interactions').waitFor();
    await settle();
    expect(await page.getByText('No matching contact').count()).toBe(0); // the inserted card is not a question
    expect(await cardsOf('Customer Card').count()).toBe(1); // nor a greeting: the welcome card only
  });

  it('unfurls a pasted link to the card in the tab into the customer card, and sends it to the chat', async () => {
    const link = await cardsOf('Edward Ferrars').first().getByRole('link', { name: 'Open in tab' }).getAttribute('title');
    expect(link).toMatch(/\/tab\?contactId=/);
    await openComposeExtension('Link Unfurling');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox').fill(link!);
    await dialog.getByText('+1 803 555 0142').waitFor(); // the card the bot unfurled it into
    await page.screenshot({ path: path.join(SCREENSHOTS, 'link-unfurling.png') });

    await dialog.getByRole('button', { name: 'Send to Conversation' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await settle();
    expect(await cardsOf('Edward Ferrars').count()).toBe(2); // the search's card, and now the unfurled one
    expect(await cardsOf('Customer Card').count()).toBe(1);
  });
});
