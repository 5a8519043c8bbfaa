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

  it('finds the e-mail card among the suggestions (similar name), keeps its name by choice, and shows one card with both', async () => {
    const page = await edwardsCall('42');
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge Edward Ferrars with another card' });
    const suggestion = dialog.getByRole('list', { name: 'Likely duplicates' }).getByRole('button', { name: /Ed Ferrars/ });
    await expect(suggestion.textContent()).resolves.toMatch(/Similar name \(\d+ %\)/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'merge-suggestions.png') });

    await suggestion.click();
    const survivor = dialog.getByRole('radiogroup', { name: 'Which card stays?' });
    await expect(survivor.getByRole('radio', { name: /Edward Ferrars/ }).isChecked()).resolves.toBe(true);
    const name = dialog.getByRole('radiogroup', { name: 'Name' });
    await name.getByRole('radio', { name: 'Ed Ferrars — from Ed Ferrars' }).check();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'merge-preview.png') });
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();

    await page.locator('.fui-Toast', { hasText: 'Ed Ferrars was merged into Edward Ferrars.' }).waitFor();
    const details = page.getByRole('article', { name: 'Customer card of Ed Ferrars' });
    await details.getByRole('group', { name: 'E-mail' }).getByText('ed.42@norland.example').waitFor();
    await details.getByRole('group', { name: 'Phone' }).getByText(/^\+1 803.555.0142$/).waitFor();
    await details.getByText(/^Development User merged Ed Ferrars into this card on /).waitFor(); // the history is open and names the card
    await details.getByText('Name: kept “Ed Ferrars” from Ed Ferrars, set aside “Edward Ferrars”.').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'merge-done.png'), fullPage: true });

    const card = await loadCustomerCard(app.db, (await contactOf(app.db, 'call-42'))!, DEVELOPMENT_USER);
    expect(card.interactions.map((i) => i.id).sort()).toEqual(['call-42', 'mail-42']);
    expect(card.contact).toMatchObject({ type: 'canonical', name: 'Ed Ferrars', id: await contactOf(app.db, 'call-42') });
    await page.close();
  });

  it('lets the agent keep the other card: the open card is merged into it and the tab shows the survivor', async () => {
    const page = await edwardsCall('44');
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('list', { name: 'Likely duplicates' }).getByRole('button', { name: /ed\.44@norland/ }).click();
    await dialog.getByRole('radiogroup', { name: 'Which card stays?' }).getByRole('radio', { name: /^Ed Ferrars/ }).check();
    await dialog.getByText('Merge Edward Ferrars into Ed Ferrars. Edward Ferrars then resolves to Ed Ferrars; nothing is deleted.').waitFor();
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByRole('article', { name: 'Customer card of Ed Ferrars' }).waitFor();
    const aliasOf = async (interactionId: string) =>
      (await app.db.query<{ alias_of: string | null }>('SELECT alias_of FROM contacts WHERE id = $1', [await contactOf(app.db, interactionId)]))[0]!.alias_of;
    expect(await aliasOf('mail-44')).toBeNull(); // the e-mail card survived
    expect(await aliasOf('call-44')).toBe(await contactOf(app.db, 'mail-44'));
    await page.close();
  });

  it('a card opened from a search follows another agent’s edit and merge, and offers the card it went into', async () => {
    await edwardsCall('45').then((p) => p.close());
    const ed = (await contactOf(app.db, 'mail-45'))!;
    const edward = (await contactOf(app.db, 'call-45'))!;
    const page = await browser.newPage({ viewport: { width: 520, height: 900 } });
    await page.goto(`${app.baseUrl}/tab`);
    await page.getByRole('searchbox').fill('ed.45@norland.example');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: /Ed Ferrars/ }).click();
    await page.getByRole('heading', { name: 'Ed Ferrars', level: 1 }).waitFor();

    const api = (method: string, url: string, body: unknown) =>
      fetch(`${app.baseUrl}/api${url}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await api('PUT', `/contacts/${ed}`, { name: 'Ed F. Ferrars' })).status).toBe(200);
    await page.getByRole('heading', { name: 'Ed F. Ferrars', level: 1 }).waitFor();

    expect((await api('POST', `/contacts/${edward}/merge`, { contactId: ed })).status).toBe(200);
    const notice = page.getByRole('status').filter({ hasText: 'Ed F. Ferrars was merged into Edward Ferrars.' });
    await notice.waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'merged-elsewhere.png') });
    await notice.getByRole('button', { name: 'Open Edward Ferrars' }).click();
    const survivor = page.getByRole('article', { name: 'Customer card of Edward Ferrars' });
    await survivor.getByRole('group', { name: 'E-mail' }).getByText('ed.45@norland.example').waitFor();
    await page.close();
  });

  it('finds the e-mail card by search too', async () => {
    const page = await edwardsCall('43');
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('searchbox', { name: 'Search all cards by name, phone or e-mail' }).fill('ed.43@norland');
    await dialog.getByRole('button', { name: 'Search' }).click();
    await dialog.getByRole('list', { name: 'Search results' }).getByRole('button', { name: /Ed Ferrars/ }).click();
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByRole('article').getByRole('group', { name: 'E-mail' }).getByText('ed.43@norland.example').waitFor();
    await page.close();
  });

  it('undoes a merge from the card\'s merge history: the preview says what comes back, then both cards are themselves again', async () => {
    const page = await edwardsCall('46');
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    const mergeDialog = page.getByRole('dialog');
    await mergeDialog.getByRole('list', { name: 'Likely duplicates' }).getByRole('button', { name: /ed\.46@norland/ }).click();
    await mergeDialog.getByRole('radiogroup', { name: 'Name' }).getByRole('radio', { name: 'Ed Ferrars — from Ed Ferrars' }).check();
    await mergeDialog.getByRole('button', { name: 'Merge', exact: true }).click();
    const details = page.getByRole('article', { name: 'Customer card of Ed Ferrars' });
    await details.getByRole('group', { name: 'E-mail' }).getByText('ed.46@norland.example').waitFor();

    await details.getByRole('button', { name: 'Undo the merge of Ed Ferrars' }).click();
    const dialog = page.getByRole('dialog', { name: 'Undo the merge of Ed Ferrars' });
    await dialog.getByText('Name goes back to “Edward Ferrars”.').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'merge-undo-preview.png') });
    await dialog.getByRole('button', { name: 'Undo merge' }).click();

    await page.locator('.fui-Toast', { hasText: 'Merge undone: Ed Ferrars is a card of its own again.' }).waitFor();
    const restored = page.getByRole('article', { name: 'Customer card of Edward Ferrars' });
    await restored.getByText(/^Development User undid this merge on /).waitFor();
    await expect(restored.getByRole('group', { name: 'E-mail' }).count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'merge-undone.png'), fullPage: true });
    const [call, mail] = [await contactOf(app.db, 'call-46'), await contactOf(app.db, 'mail-46')];
    expect(call).not.toBe(mail);
    const mailCard = await loadCustomerCard(app.db, mail!, DEVELOPMENT_USER);
    expect(mailCard.resolvedFrom).toBeNull(); // a card of its own, not an alias
    expect(mailCard.interactions.map((i) => i.id)).toEqual(['mail-46']);
    await page.close();
  });

  it('merges three cards in one step, choosing a value among all three, and one undo gives both back', async () => {
    await ingest(app.db, anInteractionEvent('interaction.started', { interactionId: 'sms-47', channel: 'sms', agent: ELINOR, contact: { name: 'E. Ferrars', phone: '+1 803 555 0247' } }));
    const page = await edwardsCall('47');
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('searchbox', { name: 'Search all cards by name, phone or e-mail' }).fill('Ferrars');
    await dialog.getByRole('button', { name: 'Search' }).click();
    const results = dialog.getByRole('list', { name: 'Search results' });
    await results.getByRole('checkbox', { name: 'Select E. Ferrars to merge' }).check();
    await results.getByRole('listitem').filter({ hasText: 'ed.47@norland.example' }).getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Merge 3 cards' }).click();

    await dialog.getByText('Merge 2 cards into Edward Ferrars in one step; one undo undoes them all.').waitFor();
    await dialog.getByRole('radiogroup', { name: 'Name' }).getByRole('radio', { name: 'E. Ferrars — from E. Ferrars' }).check();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'merge-many-preview.png') });
    await dialog.getByRole('button', { name: 'Merge 3 cards' }).click();

    const details = page.getByRole('article', { name: 'Customer card of E. Ferrars' });
    await details.getByRole('group', { name: 'E-mail' }).getByText('ed.47@norland.example').waitFor();
    await details.getByText(/^\+1 803.555.0247$/).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'merge-many-done.png'), fullPage: true });

    await details.getByRole('button', { name: /^Undo the merge of (Ed Ferrars and E\. Ferrars|E\. Ferrars and Ed Ferrars)$/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Undo merge' }).click();
    const restored = page.getByRole('article', { name: 'Customer card of Edward Ferrars' });
    await restored.getByText(/^Development User undid this merge on /).first().waitFor();
    const ids = await Promise.all(['call-47', 'mail-47', 'sms-47'].map((id) => contactOf(app.db, id)));
    expect(new Set(ids).size).toBe(3);
    await page.close();
  });
});
