import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { listFields } from '../../src/domain/fields/fields-store';
import { PROJECT_ROOT } from '../../src/paths';
import { accessibilityViolations } from '../support/accessibility';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';
import { anInteractionEvent, ingest } from '../support/events';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const ELINOR = { id: 'elinor.dashwood@classics.example', name: 'Elinor Dashwood' };

/**
 * FIELD-1 … FIELD-3 in the tab: an admin defines a Dropdown field "Loyalty tier", visible on the
 * card and editable; Elinor sets it on Edward Ferrars's card; a second agent sees it, live.
 */
describeInChromium('custom fields in the tab', () => {
  let app: RunningApp & { db: Parameters<typeof ingest>[0] };
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    app = await startAppOnFreshStore();
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await ingest(app.db, anInteractionEvent('interaction.started', {
      interactionId: 'call-edward', channel: 'voice', agent: ELINOR, contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142' },
    }));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A user of their own: a separate browser context, as a second agent on another machine. */
  async function aUser(query: string, viewport = { width: 900, height: 1000 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/tab?${query}`);
    return page;
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

  it('an admin defines a Dropdown field; an ident with a space is refused with a clear message', async () => {
    const admin = await aUser('admin=fields');
    await admin.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await admin.getByText('No custom fields yet.').waitFor();
    await admin.getByRole('button', { name: 'Add field' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Add a custom field' });
    await dialog.getByRole('textbox', { name: 'Ident' }).fill('loyalty tier');
    await dialog.getByRole('textbox', { name: 'Label (English)' }).fill('Loyalty tier');
    await dialog.getByRole('textbox', { name: 'Label (Swedish)' }).fill('Lojalitetsnivå');
    await dialog.getByRole('radio', { name: 'Dropdown' }).check();
    await dialog.getByRole('textbox', { name: 'Options' }).fill('Bronze\nSilver\nGold');
    await dialog.getByRole('switch', { name: 'Visible on cards in chats' }).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Use only letters, digits, - and _ (1 to 64 of them): no spaces or other characters.').waitFor();
    await expect(dialog.getByRole('textbox', { name: 'Ident' }).getAttribute('aria-invalid')).resolves.toBe('true');
    await shot(admin, 'fields-admin-ident-refused-en-light');

    await dialog.getByRole('textbox', { name: 'Ident' }).fill('loyalty-tier');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const row = admin.getByRole('listitem', { name: 'Loyalty tier' });
    await row.getByText('loyalty-tier · Dropdown: Bronze, Silver, Gold').waitFor();
    await expect(admin.getByRole('dialog').count()).resolves.toBe(0);
    await shot(admin, 'fields-admin-en-light');

    expect(await listFields(app.db)).toEqual([expect.objectContaining({
      ident: 'loyalty-tier', labels: { en: 'Loyalty tier', sv: 'Lojalitetsnivå' }, type: 'dropdown', options: ['Bronze', 'Silver', 'Gold'],
      visibleInPanel: true, editable: true, visibleOnCard: true,
    })]);
  });

  it('the admin page meets WCAG 2 AA in the dark theme too, retired fields included', async () => {
    const api = (method: string, apiPath: string, body?: object) =>
      fetch(`${app.baseUrl}/api${apiPath}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    await api('POST', '/admin/fields', { ident: 'billing-email', labels: { en: 'Billing e-mail' }, type: 'email' });
    await api('POST', '/admin/fields', { ident: 'legacy-code', labels: { en: 'Legacy code' }, type: 'text', editable: false });
    await api('POST', '/admin/fields/legacy-code/retire');
    const dark = await aUser('admin=fields&theme=dark');
    await dark.getByRole('listitem', { name: 'Legacy code' }).getByText('Retired').waitFor();
    await expect(accessibilityViolations(dark)).resolves.toEqual([]);
    await shot(dark, 'fields-admin-en-dark');
    await dark.getByRole('button', { name: 'Edit Loyalty tier' }).click();
    await dark.getByRole('dialog', { name: 'Edit Loyalty tier' }).waitFor();
    await expect(accessibilityViolations(dark)).resolves.toEqual([]);
    await shot(dark, 'fields-admin-edit-en-dark');
  });

  it('an agent sets Gold on Edward Ferrars\'s card; a second agent sees it, live and on opening', async () => {
    const second = await aUser('interactionId=call-edward', { width: 320, height: 900 }); // a meeting side panel
    await second.getByRole('heading', { name: 'Edward Ferrars', level: 1 }).waitFor();

    const elinor = await aUser('interactionId=call-edward');
    await elinor.getByRole('heading', { name: 'Edward Ferrars', level: 1 }).waitFor();
    await elinor.getByRole('button', { name: 'Edit contact' }).click();
    const dialog = elinor.getByRole('dialog', { name: 'Edit Edward Ferrars' });
    await expect(dialog.getByRole('textbox', { name: 'Name' }).inputValue()).resolves.toBe('Edward Ferrars');
    await expect(dialog.getByRole('textbox', { name: 'Phone' }).inputValue()).resolves.toBe('+18035550142');
    await dialog.getByRole('combobox', { name: 'Loyalty tier' }).click();
    await elinor.getByRole('option', { name: 'Gold' }).click();
    await expect(accessibilityViolations(elinor)).resolves.toEqual([]);
    await shot(elinor, 'edit-contact-en-light');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await elinor.locator('.fui-Toast', { hasText: 'Edward Ferrars was saved.' }).waitFor();
    await elinor.getByRole('group', { name: 'Loyalty tier' }).getByText('Gold').waitFor();

    // Already open on the second agent's screen: the change arrives without a reload.
    await second.getByRole('group', { name: 'Loyalty tier' }).getByText('Gold').waitFor({ timeout: 5000 });
    const opened = await aUser('interactionId=call-edward&theme=dark&locale=sv-se');
    await opened.getByRole('group', { name: 'Lojalitetsnivå' }).getByText('Gold').waitFor();
    await shot(second, 'custom-field-on-card-side-panel-en-light');
    await shot(opened, 'custom-field-on-card-sv-dark');
  });
});
