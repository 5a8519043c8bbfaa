import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths';
import type { Db } from '../../src/store/db';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium } from '../support/browser';
import { startEntra } from '../support/entra';
import { anInteractionEvent, ingest } from '../support/events';
import { startTeamsHost, type HostCall, type TeamsHost } from '../support/teams-host';
import { eventually } from '../support/wait';
import en from '../../tab/src/i18n/locales/en.json';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const INTERACTION_ID = 'int_click_to_call_1';
const CUSTOMER = 'Edward Ferrars';
const PHONE = '+18035550142'; // E.164, as the card stores '+1 803-555-0142'
const CALL = en.call.action.replace('{{number}}', '+1 803 555 0142'); // named as it reads, dialled in E.164

/** The tab's requests to Teams to start a call, once there is one. */
function startCallRequests(calls: () => Promise<HostCall[]>): Promise<HostCall[]> {
  return eventually(async () => (await calls()).filter((c) => c.func === 'call.startCall'), (found) => found.length > 0);
}

describeInChromium('click to call (OUT-2): through Teams inside Teams, a tel: link outside', () => {
  let entra: Awaited<ReturnType<typeof startEntra>>;
  let app: RunningApp & { db: Db };
  let teams: TeamsHost;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    entra = await startEntra();
    app = await startAppOnFreshStore(entra.env);
    await ingest(
      app.db,
      anInteractionEvent('interaction.started', {
        interactionId: INTERACTION_ID,
        channel: 'voice',
        division: 'support-emea',
        agent: { id: 'agent-oid-1', name: 'Elinor Dashwood' },
        contact: { name: CUSTOMER, phone: '+1 803-555-0142' },
      }),
    );
    // The signed-in agent (oid of the SSO token) works in that division.
    await app.db.query(`INSERT INTO user_divisions (user_id, division) VALUES ('agent-oid-1', 'support-emea')`);
    teams = await startTeamsHost({
      appUrl: app.baseUrl,
      tabPath: `/tab?inTeams=true&interactionId=${INTERACTION_ID}`,
      getToken: () => entra.token(),
      theme: 'default',
    });
    browser = await teams.launch();
  });
  afterAll(async () => {
    await browser?.close();
    await teams?.close();
    await app?.close();
    await entra?.close();
  });

  it('inside Teams, Call asks Teams to call the number as a PSTN target', async () => {
    const teamsPage = await teams.open(browser);
    const { tab } = teamsPage;
    await tab.getByRole('heading', { level: 1, name: CUSTOMER }).waitFor();
    await tab.getByRole('group', { name: en.contact.phone }).getByText('+1 803 555 0142').waitFor(); // still readable, in international format
    await expect(tab.locator('a[href^="tel:"]').count()).resolves.toBe(0); // Teams places the call, not the system

    await teamsPage.page.screenshot({ path: path.join(SCREENSHOTS, 'click-to-call-teams.png'), animations: 'disabled' });
    await tab.getByRole('button', { name: CALL }).click();

    const requests = await startCallRequests(() => teamsPage.calls());
    expect(requests).toEqual([
      expect.objectContaining({ args: [{ targets: [`4:${PHONE}`], requestedModalities: ['audio'] }], answered: true }),
    ]);
    await expect(tab.getByText(en.call.failed.replace('{{number}}', PHONE)).count()).resolves.toBe(0);
    expect(teamsPage.errors).toEqual([]);
    await teamsPage.page.close();
  });

  it('outside Teams, Call is a tel: link to the number', async () => {
    const page = await browser.newPage();
    await page.goto(`${teams.tabOrigin}/tab?interactionId=${INTERACTION_ID}`);
    await page.getByRole('heading', { level: 1, name: CUSTOMER }).waitFor();
    await expect(page.getByRole('link', { name: CALL }).getAttribute('href')).resolves.toBe(`tel:${PHONE}`);
    await expect(page.getByRole('button', { name: CALL }).count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'click-to-call-browser.png'), animations: 'disabled' });
    await page.close();
  });
});
