/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';
import { anInteractionEvent, ingest } from '../support/events';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');

/** CRM-1, CRM-3, CRM-6, CRM-7 in the tab, against the built-in CRM. */
describeInChromium('CRM records on the card in Chromium', () => {
  let app: RunningApp & { db: Parameters<typeof ingest>[0] };
  let browser: Browser;
  beforeAll(async () => {
    app = await startAppOnFreshStore();
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
    const [account] = await app.db.query<{ id: string }>(`INSERT INTO crm_records (type, name) VALUES ('account', 'Norland Park') RETURNING id`);
    await app.db.query(`INSERT INTO crm_records (type, name, phones, parent_id) VALUES ('contact', 'Edward Ferrars', '{+18035550142}', $1), ('contact', 'Robert Ferrars', '{}', $1)`, [account!.id]);
    const yesterday = new Date(Date.now() - 86_400_000);
    await ingest(
      app.db,
      anInteractionEvent('interaction.started', { interactionId: 'crm-sms', channel: 'sms', occurredAt: yesterday, contact: { phone: '803 555 0142' } }),
      anInteractionEvent('interaction.started', { interactionId: 'crm-call', channel: 'voice', contact: { name: 'Edward Ferrars', phone: '803 555 0142' } }),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('links the matched record, shows its household, unlinks, and creates a case that opens in the CRM', async () => {
    const context = await browser.newContext({ viewport: { width: 900, height: 1100 } });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${app.baseUrl}/tab?interactionId=crm-call`);
    const records = page.getByRole('list', { name: 'CRM records' });
    await records.getByRole('button', { name: 'Link Edward Ferrars to this interaction' }).click();
    await records.getByRole('button', { name: 'Unlink Edward Ferrars' }).waitFor();

    await records.getByRole('button', { name: 'Show records related to Edward Ferrars' }).click();
    await page.getByRole('list', { name: 'Records related to Edward Ferrars' }).getByRole('link', { name: 'Robert Ferrars' }).waitFor();

    await page.getByRole('button', { name: 'Create new' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a CRM record' });
    await dialog.getByLabel('Subject').fill('Order 1811 not delivered');
    const opened = context.waitForEvent('page');
    await dialog.getByRole('button', { name: 'Save' }).click();
    expect((await opened).url()).toMatch(/crmRecord=case:/); // the new record opens in the CRM
    await records.getByRole('button', { name: 'Unlink Order 1811 not delivered' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'crm-records.png'), fullPage: true });

    await records.getByRole('button', { name: 'Unlink Edward Ferrars' }).click();
    await records.getByRole('button', { name: 'Link Edward Ferrars to this interaction' }).waitFor();
    await context.close();
  });

  it('links a record to a related (earlier) interaction too', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1100 } });
    page.setDefaultTimeout(8000);
    await page.goto(`${app.baseUrl}/tab?interactionId=crm-call`);
    await page.getByRole('button', { name: /^Show the CRM records of SMS/ }).click();
    const earlier = page.getByRole('list', { name: 'CRM records' }).nth(1);
    await earlier.getByRole('button', { name: 'Link Edward Ferrars to this interaction' }).click();
    await earlier.getByRole('button', { name: 'Unlink Edward Ferrars' }).waitFor();
    const links = await app.db.query<{ interaction_id: string }>(`SELECT interaction_id FROM crm_links WHERE record_id IN (SELECT id::text FROM crm_records WHERE name = 'Edward Ferrars')`);
    expect(links.map((l) => l.interaction_id)).toContain('crm-sms');
    await page.close();
  });

  it('relates the activity to the record opened last by default, and to another picked from the records in hand', async () => {
    const context = await browser.newContext({ viewport: { width: 900, height: 1100 } });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${app.baseUrl}/tab?interactionId=crm-call`);
    const records = page.getByRole('list', { name: 'CRM records' }).first();
    const crmTab = context.waitForEvent('page');
    await records.getByRole('link', { name: 'Edward Ferrars' }).click(); // opens in the CRM
    await (await crmTab).close();
    const relatesTo = page.getByRole('group', { name: 'Relates to' });
    await relatesTo.getByText('Edward Ferrars (opened last)').waitFor();

    await records.getByRole('button', { name: 'Show records related to Edward Ferrars' }).click();
    const norland = context.waitForEvent('page');
    await page.getByRole('link', { name: 'Norland Park' }).click();
    await (await norland).close();
    await relatesTo.getByRole('button', { name: 'Relate to' }).click();
    await page.getByRole('menuitem', { name: /Norland Park/ }).click();
    await relatesTo.getByRole('button', { name: 'Remove the relation to Norland Park' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'crm-relates-to.png'), fullPage: true });
    await relatesTo.getByRole('button', { name: 'Remove the relation to Norland Park' }).click();
    await relatesTo.getByText('Norland Park (opened last)').waitFor();
    await context.close();
  });
});
