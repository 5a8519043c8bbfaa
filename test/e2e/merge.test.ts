/// <reference lib="dom" />
import { DEVELOPMENT_USER } from '../../src/domain/access/users';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadCustomerCard } from '../../src/domain/cards/customer-card';
import { PROJECT_ROOT } from '../../src/paths';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';
import { anInteractionEvent, contactOf, ingest } from '../support/events';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const ELINOR = { id: 'elinor.dashwood@classics.example', name: 'Elinor Dashwood' };

/**
 * MERGE-4: Elinor Dashwood is on a call with Edward Ferrars; the call created a card, his e-mail of
 * the day before created another. She finds the e-mail card and merges it into the open one.
 */
describeInChromium('merging customer cards in the tab (worked example)', () => {
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

  async function edwardsCall(suffix: string): Promise<Page> {
    const yesterday = new Date(Date.now() - 86_400_000);
    await ingest(
      app.db,
      anInteractionEvent('interaction.started', { interactionId: `mail-${suffix}`, channel: 'email', occurredAt: yesterday, agent: ELINOR, contact: { name: 'Ed Ferrars', email: `ed.${suffix}@norland.example` } }),
      anInteractionEvent('interaction.started', { interactionId: `call-${suffix}`, channel: 'voice', agent: ELINOR, contact: { name: 'Edward Ferrars', phone: `+1 803 555 01${suffix}` } }),
    );
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    await page.goto(`${app.baseUrl}/tab?interactionId=call-${suffix}`);
    await page.getByRole('heading', { name: 'Edward Ferrars', level: 1 }).waitFor();
    return page;
  }

  it('finds the e-mail card among the suggestions (similar name), merges it, and shows one card with both', async () => {
    const page = await edwardsCall('42');
    await page.getByRole('button', { name: 'Merge' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge a card into Edward Ferrars' });
    const suggestion = dialog.getByRole('list', { name: 'Likely duplicates' }).getByRole('button', { name: /Ed Ferrars/ });
    await expect(suggestion.textContent()).resolves.toMatch(/Similar name \(\d+ %\)/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'merge-suggestions.png') });

    await suggestion.click();
    await dialog.getByRole('table', { name: 'Values after the merge' }).waitFor();
    await expect(dialog.getByRole('row', { name: /Name/ }).textContent()).resolves.toMatch(/Edward Ferrars.*Ed Ferrars/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'merge-preview.png') });
    await dialog.getByRole('button', { name: 'Merge' }).click();

    await page.locator('.fui-Toast', { hasText: 'Ed Ferrars was merged into Edward Ferrars.' }).waitFor();
    await page.getByRole('button', { name: 'Merge history' }).waitFor(); // the card is the merged one now
    const details = page.getByRole('article', { name: 'Customer card of Edward Ferrars' });
    await details.getByRole('group', { name: 'E-mail' }).getByText('ed.42@norland.example').waitFor();
    await details.getByRole('group', { name: 'Phone' }).getByText('+18035550142').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'merge-done.png'), fullPage: true });

    const card = await loadCustomerCard(app.db, (await contactOf(app.db, 'call-42'))!, DEVELOPMENT_USER);
    expect(card.interactions.map((i) => i.id).sort()).toEqual(['call-42', 'mail-42']);
    expect(card.contact.type).toBe('canonical');
    await page.close();
  });

  it('finds the e-mail card by search too', async () => {
    const page = await edwardsCall('43');
    await page.getByRole('button', { name: 'Merge' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('searchbox', { name: 'Search all cards by name, phone or e-mail' }).fill('ed.43@norland');
    await dialog.getByRole('button', { name: 'Search' }).click();
    await dialog.getByRole('list', { name: 'Search results' }).getByRole('button', { name: /Ed Ferrars/ }).click();
    await dialog.getByRole('button', { name: 'Merge' }).click();
    await page.getByRole('article').getByRole('group', { name: 'E-mail' }).getByText('ed.43@norland.example').waitFor();
    await page.close();
  });
});
