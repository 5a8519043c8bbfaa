import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths';
import { accessibilityViolations } from '../support/accessibility';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';
import { anInteractionEvent, ingest } from '../support/events';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const QUALITY_GROUP = '00000000-0000-4000-8000-0000000000aa';
const NEWCOMER = '00000000-0000-4000-8000-000000000001';

/**
 * ADMIN-2 and ADMIN-3 in the tab, as the development user (an admin): feature switches reach the
 * API and the card, the default phone region sticks, a custom role is mapped to a group, a user is
 * given divisions, and the audit says who did all that. Every section passes axe in light and dark.
 */
describeInChromium('admin settings in the tab', () => {
  let app: RunningApp & { db: Parameters<typeof ingest>[0] };
  let browser: Browser;
  beforeAll(async () => {
    app = await startAppOnFreshStore();
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await app.db.query(`INSERT INTO crm_records (type, name, phones) VALUES ('contact', 'Edward Ferrars', '{+18035550142}')`);
    await ingest(app.db, anInteractionEvent('interaction.started', { interactionId: 'call-edward', contact: { name: 'Edward Ferrars', phone: '803 555 0142' } }));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(query: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await page.goto(`${app.baseUrl}/tab?${query}`);
    return page;
  }
  const api = async <T,>(apiPath: string): Promise<T> => (await fetch(`${app.baseUrl}/api${apiPath}`)).json() as Promise<T>;
  const toast = (page: Page, text: string) => page.locator('.fui-Toast', { hasText: text }).waitFor();
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

  it('switching off "Link CRM records" reaches /api/me at once, and the card stops offering links', async () => {
    const card = await open('interactionId=call-edward');
    const records = card.getByRole('list', { name: 'CRM records' });
    await records.getByRole('button', { name: 'Link Edward Ferrars to this interaction' }).waitFor();

    const admin = await open('admin=features');
    const link = admin.getByRole('switch', { name: 'Link CRM records' });
    await expect(link.isChecked()).resolves.toBe(true);
    await link.click();
    await toast(admin, 'Link CRM records is switched off.');
    await expect(link.isChecked()).resolves.toBe(false);
    expect((await api<{ features: Record<string, boolean> }>('/me')).features).toMatchObject({ 'crm.link': false, 'crm.create': true });

    await card.reload();
    await records.getByRole('link', { name: 'Edward Ferrars' }).waitFor();
    await expect(records.getByRole('button', { name: /^Link / }).count()).resolves.toBe(0);
  });

  it('the default phone region set to the United Kingdom sticks after a reload', async () => {
    const admin = await open('admin=general');
    const region = admin.getByRole('combobox', { name: 'Default phone region' });
    await expect(region.inputValue()).resolves.toBe('United States (US)');
    await region.click();
    await region.fill('kingdom');
    await admin.getByRole('option', { name: 'United Kingdom (GB)' }).click();
    await admin.getByRole('button', { name: 'Save' }).click();
    await toast(admin, 'Phone numbers without a country code are now read as numbers of United Kingdom.');

    await admin.reload();
    await expect(admin.getByRole('combobox', { name: 'Default phone region' }).inputValue()).resolves.toBe('United Kingdom (GB)');
    await expect(api('/admin/settings')).resolves.toEqual({ defaultPhoneRegion: 'GB' });
  });

  it('a custom role "Quality reviewer" may only see contacts, and a group grants it', async () => {
    const admin = await open('admin=roles');
    await admin.getByRole('button', { name: 'Add role' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Add a role' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Quality reviewer');
    await dialog.getByRole('checkbox', { name: 'See contacts' }).check();
    await dialog.getByRole('button', { name: 'Add role' }).click();
    const role = admin.getByRole('listitem', { name: 'Quality reviewer', exact: true }); // not the toast saying it was added
    await role.waitFor();
    await expect(role.getByRole('checkbox', { checked: true }).count()).resolves.toBe(1);
    await expect(role.getByRole('checkbox', { name: 'See contacts' }).isChecked()).resolves.toBe(true);

    const mapping = admin.getByRole('form', { name: 'Add mapping' });
    await expect(mapping.getByRole('combobox', { name: 'Source' }).textContent()).resolves.toBe('Group');
    await mapping.getByRole('textbox', { name: 'Group object ID' }).fill(QUALITY_GROUP);
    await mapping.getByRole('combobox', { name: 'Role' }).click();
    await admin.getByRole('option', { name: 'Quality reviewer' }).click();
    await mapping.getByRole('button', { name: 'Add mapping' }).click();
    await admin.getByRole('table', { name: 'Mappings' }).getByRole('row', { name: `Group ${QUALITY_GROUP} Quality reviewer` }).waitFor();

    const { roles } = await api<{ roles: Array<{ name: string; permissions: string[]; builtIn: boolean }> }>('/admin/roles');
    expect(roles.find((r) => r.name === 'Quality reviewer')).toMatchObject({ permissions: ['contacts:view'], builtIn: false });
    await expect(api('/admin/role-mappings')).resolves.toEqual({ mappings: [{ source: 'group', value: QUALITY_GROUP, role: 'Quality reviewer' }] });
  });

  it('a user who has not signed in yet gets a division in use and a new one', async () => {
    const admin = await open('admin=divisions');
    await admin.getByRole('textbox', { name: 'Entra object ID' }).fill(NEWCOMER);
    await admin.getByRole('button', { name: 'Add user' }).click();
    const row = admin.getByRole('listitem', { name: 'Not signed in yet' });
    const picker = row.getByRole('combobox', { name: `Divisions of ${NEWCOMER}` });
    await picker.click();
    await admin.getByRole('option', { name: 'support-emea' }).click();
    await picker.pressSequentially('sales-na');
    await admin.getByRole('option', { name: 'Add “sales-na”' }).click();
    await row.getByRole('button', { name: `Save the divisions of ${NEWCOMER}` }).click();
    await toast(admin, `The divisions of ${NEWCOMER} were saved.`);
    await expect(api('/admin/divisions')).resolves.toEqual({
      users: [{ userId: NEWCOMER, name: null, divisions: ['sales-na', 'support-emea'] }],
      divisions: ['sales-na', 'support-emea'],
    });
  });

  it('the audit lists those changes, newest first, with the development user\'s name', async () => {
    const admin = await open('admin=audit');
    const table = admin.getByRole('table', { name: 'Changes to the settings' });
    await table.getByRole('row').nth(1).waitFor();
    const rows = await table.getByRole('row').evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent)));
    expect(rows).toEqual([
      ['Development User', `Divisions of ${NEWCOMER}`, '(empty)', 'sales-na, support-emea'],
      ['Development User', `Mapping of the group ${QUALITY_GROUP}`, '(none)', 'Role: Quality reviewer'],
      ['Development User', 'Role Quality reviewer', '(none)', 'Permissions: See contacts'],
      ['Development User', 'General', 'Default phone region: United States', 'Default phone region: United Kingdom'],
      ['Development User', 'Feature switches', 'Link CRM records: On', 'Link CRM records: Off'],
    ]);
  });

  it('"Test connection" says which step failed, and what the API reported', async () => {
    const admin = await open('admin=crm');
    await admin.getByRole('combobox', { name: 'CRM' }).click();
    await admin.getByRole('option', { name: 'ServiceNow' }).click();
    // Nothing listens on the discard port: the token endpoint cannot be reached.
    await admin.getByRole('textbox', { name: 'Instance URL' }).fill('http://127.0.0.1:9');
    await admin.getByRole('textbox', { name: 'Token URL' }).fill('http://127.0.0.1:9/oauth_token.do');
    await admin.getByRole('textbox', { name: 'Client ID' }).fill('customer-card');
    await admin.getByLabel('Client secret').fill('s3cret');
    await admin.getByRole('button', { name: 'Test connection' }).click();
    const steps = admin.getByRole('list', { name: 'Connection test steps' }).getByRole('listitem');
    await expect(steps.first().textContent()).resolves.toBe('Settings complete and well-formed: passed');
    await expect(steps.nth(1).textContent()).resolves.toMatch(/^ServiceNow reached: token endpoint, client credentials and API: failed.*did not answer.*token endpoint cannot be reached/);
    await expect(accessibilityViolations(admin)).resolves.toEqual([]);
    await shot(admin, 'admin-crm-test-failed-en-light');

    // Saved as entered (saving does not test); the secret then shows only as stored.
    await admin.getByRole('button', { name: 'Save' }).click();
    await toast(admin, 'The ServiceNow connection was saved.');
    await admin.getByText(/^ServiceNow, last changed by Development User on/).waitFor();
    await expect(admin.getByLabel('Replace the client secret').inputValue()).resolves.toBe('');
    await shot(admin, 'admin-crm-connected-en-light');
    await admin.getByRole('button', { name: 'Disconnect' }).click();
    await admin.getByRole('alertdialog', { name: 'Disconnect ServiceNow?' }).getByRole('button', { name: 'Disconnect' }).click();
    await admin.getByText('No CRM is connected: the built-in CRM serves.').waitFor();
    await expect(api('/admin/crm-connection')).resolves.toEqual({ connection: null });
  });

  it.each(['light', 'dark'])('every section meets WCAG 2 AA in the %s theme', async (theme) => {
    const sections = ['general', 'features', 'crm', 'crm-records', 'fields', 'roles', 'divisions', 'audit'];
    const page = await open(`admin=general&theme=${theme === 'light' ? 'default' : 'dark'}`);
    for (const section of sections) {
      await page.getByRole('tab', { name: new RegExp(`^${sectionTitles[section]}$`) }).click();
      await page.getByRole('tabpanel').getByText(sectionReady[section]!).first().waitFor();
      expect(new URL(page.url()).searchParams.get('admin')).toBe(section);
      await expect(accessibilityViolations(page)).resolves.toEqual([]);
      await shot(page, `admin-${section}-en-${theme}`);
    }
  });
});

const sectionTitles: Record<string, string> = {
  general: 'General', features: 'Features', crm: 'CRM connection', 'crm-records': 'Failed CRM records', fields: 'Custom fields', roles: 'Roles', divisions: 'Divisions', audit: 'Audit',
};
/** Text each section shows once loaded. */
const sectionReady: Record<string, string | RegExp> = {
  general: 'Default phone region',
  features: 'SMS and e-mail',
  crm: 'Scope',
  'crm-records': /^No failed CRM records/,
  fields: 'No custom fields yet.',
  roles: 'Mappings from Entra ID',
  divisions: 'Entra object ID',
  audit: 'Feature switches',
};
