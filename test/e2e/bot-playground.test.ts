import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { insertContact } from '../../src/domain/contacts/contacts-store';
import { PROJECT_ROOT } from '../../src/paths';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';
import { anInteractionEvent, ingest } from '../support/events';
import { startPlayground, type RunningPlayground } from '../support/playground';
import { postEventApplied } from '../support/webhook-client';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');

/**
 * The bot in the Microsoft 365 Agents Playground, a Teams-like client that renders the Adaptive
 * Cards, sends Action.Execute invokes and acts as the Bot Connector for proactive updates.
 */
describeInChromium('the bot in a Teams-like client (Agents Playground)', () => {
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
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await playground?.close();
    await app?.close();
  });

  const composer = () => page.locator('[data-lexical-editor=true]');
  /** Text on a card in the conversation (the chat list beside it shows the last text reply too). */
  const onCard = (text: string) => page.locator('.ac-textBlock', { hasText: text });
  async function send(text: string): Promise<void> {
    await composer().fill(text);
    await composer().press('Enter');
  }

  it('answers a name with the customer card, and merges a likely duplicate from the card', async () => {
    await ingest(app.db, anInteractionEvent('interaction.started', { interactionId: 'pg-call', contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142' } }));
    await app.db.transaction((tx) => insertContact(tx, { type: 'curated', name: 'Ed Ferrars', identifiers: [{ kind: 'email', value: 'ed.ferrars@norland.example' }] }));

    await send('Edward Ferrars');
    await page.getByText('+1 803 555 0142').waitFor();
    await page.getByRole('button', { name: 'Merge…' }).click();
    await page.getByText('Likely duplicates of this card.').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'bot-card-merge.png') });

    await page.getByRole('button', { name: 'Ed Ferrars' }).click();
    await page.getByText('Merged “Ed Ferrars” into this card.').waitFor();
    await page.getByText('ed.ferrars@norland.example').waitFor(); // the merged card's e-mail is on the card now
    await page.screenshot({ path: path.join(SCREENSHOTS, 'bot-card-merged.png') });
  });

  it('shows a new card\'s possible duplicate, and merges several ticked duplicates in one step (MERGE-7, MERGE-8)', async () => {
    await ingest(app.db, anInteractionEvent('interaction.started', { interactionId: 'pg-sms', channel: 'sms', contact: { name: 'Lucy Steele', phone: '+44 7700 900123' } }));
    await app.db.transaction((tx) => insertContact(tx, { type: 'curated', name: 'Lucy Steele', identifiers: [{ kind: 'email', value: 'lucy@steele-family.example' }] }));
    await app.db.transaction((tx) => insertContact(tx, { type: 'curated', name: 'Lucy Steel', identifiers: [{ kind: 'email', value: 'l.steel@steele-family.example' }] }));

    await send('+44 7700 900123');
    await page.getByText('+44 7700 900123').first().waitFor();
    await onCard('Possible duplicate').first().waitFor();
    await page.getByRole('button', { name: 'Merge…' }).last().click();
    await page.getByRole('checkbox', { name: /lucy@steele-family\.example/ }).check();
    await page.getByRole('checkbox', { name: /l\.steel@steele-family\.example/ }).check();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'bot-card-merge-several.png') });
    await page.getByRole('button', { name: 'Merge the ticked cards' }).click();
    await page.getByText(/^Merged Lucy Steele? and Lucy Steele? into this card\.$/).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'bot-card-merged-several.png') });
    const groups = await app.db.query<{ n: number }>('SELECT count(DISTINCT group_id)::int AS n FROM merges WHERE group_id IS NOT NULL');
    expect(groups).toEqual([{ n: 1 }]);
  });

  it('keeps a followed interaction\'s card current in the chat as messages arrive', async () => {
    const message = (id: string, text: string) =>
      anInteractionEvent('interaction.message', { interactionId: 'pg-chat', channel: 'chat', contact: { name: 'Marianne Dashwood', email: 'marianne@barton.example' }, extra: { message: { id, direction: 'inbound', text } } });
    await ingest(app.db, message('m1', 'Is the Cowper collection in stock?'));

    await send('follow interaction pg-chat');
    await page.getByRole('paragraph').filter({ hasText: 'This chat now follows interaction pg-chat.' }).waitFor();
    await onCard('Is the Cowper collection in stock?').waitFor();

    expect((await postEventApplied(app, message('m2', 'And as a gift set, please?'))).status).toBe(202);
    await onCard('And as a gift set, please?').waitFor();
    // Updated in place: the first message is still shown once, on the one card.
    expect(await onCard('Is the Cowper collection in stock?').count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'bot-card-updated.png') });
  });

  it('shows a followed card\'s actions to whoever refreshes it, and links a CRM record from there for the whole chat', async () => {
    await app.db.query(`INSERT INTO crm_records (type, name, emails) VALUES ('contact', 'Marianne Dashwood', '{marianne@barton.example}')`);
    const card = page.locator('.ac-adaptiveCard', { has: onCard('And as a gift set, please?') }).last();
    await card.getByRole('button', { name: 'Refresh' }).click();
    await card.getByRole('button', { name: 'CRM records' }).click();
    await card.getByRole('button', { name: 'Link' }).click();
    // The answer to the click, then the in-place update every member of the chat gets, show the link.
    await page.getByText('Marianne Dashwood (contact) · written when the interaction is done').first().waitFor();
    expect(await app.db.query('SELECT record_name, linked_by FROM crm_links')).toEqual([{ record_name: 'Marianne Dashwood', linked_by: 'Alex Wilber' }]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'bot-card-linked.png') });
  });
});
