import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, FrameLocator, Response } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import type { Db } from '../../src/store/db';
import { describeInChromium } from '../support/browser';
import { startEntra } from '../support/entra';
import { anInteractionEvent, ingest } from '../support/events';
import { startTeamsHost, type TeamsHost, type TeamsHostPage } from '../support/teams-host';
import { eventually } from '../support/wait';
import { postEventApplied } from '../support/webhook-client';
import ja from '../../tab/src/i18n/locales/ja.json';
import en from '../../tab/src/i18n/locales/en.json';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const INTERACTION_ID = 'int_teams_e2e_1';
const TAB_PATH = `/tab?inTeams=true&interactionId=${INTERACTION_ID}`;
const CUSTOMER = 'Marianne Dashwood';

/** The tab's background (the wrapper around <main>, where App.tsx paints colorNeutralBackground1). */
async function tabBackground(tab: FrameLocator): Promise<string> {
  return tab.locator('main').evaluate((main) => getComputedStyle(main.parentElement!).backgroundColor);
}

describeInChromium('the tab inside Teams (simulated Teams web client, real teams-js protocol)', () => {
  let entra: Awaited<ReturnType<typeof startEntra>>;
  let app: RunningApp & { db: Db };
  let teams: TeamsHost;
  let browser: Browser;
  let dark: TeamsHostPage;
  let me: Promise<Response>;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    entra = await startEntra();
    app = await startAppOnFreshStore(entra.env);
    await ingest(
      app.db,
      anInteractionEvent('interaction.started', {
        interactionId: INTERACTION_ID,
        channel: 'chat',
        division: 'support-emea',
        agent: { id: 'agent-oid-1', name: 'Elinor Dashwood' },
        contact: { name: CUSTOMER, phone: '+1 803-555-0142', email: 'marianne@barton.example' },
      }),
      anInteractionEvent('interaction.message', {
        interactionId: INTERACTION_ID,
        channel: 'chat',
        extra: { message: { id: 'msg_1', direction: 'inbound', text: 'Hello, my order has not arrived.' } },
      }),
    );
    // The signed-in agent (oid of the SSO token) works in that division.
    await app.db.query(`INSERT INTO user_divisions (user_id, division) VALUES ('agent-oid-1', 'support-emea')`);
    teams = await startTeamsHost({ appUrl: app.baseUrl, tabPath: TAB_PATH, getToken: () => entra.token(), theme: 'dark', locale: 'en-us' });
    browser = await teams.launch();
    dark = await teams.open(browser, {
      beforeNavigate(page) {
        me = page.waitForResponse((r) => r.url() === `${teams.tabOrigin}/api/me`);
        me.catch(() => undefined); // awaited (and reported) in the first test
      },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await teams?.close();
    await app?.close();
    await entra?.close();
  });

  it('initializes teams-js with the host, and shows the card of the interaction signed in with Teams SSO', async () => {
    const { tab } = dark;
    await expect(tab.getByRole('article', { name: en.card.label.replace('{{name}}', CUSTOMER) }).waitFor()).resolves.toBeUndefined();
    await expect(tab.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(CUSTOMER);
    await tab.getByText('Hello, my order has not arrived.').waitFor();

    // The tab talked to the host through teams-js, and asked it for an SSO token.
    const funcs = (await dark.calls()).map((c) => c.func);
    expect(funcs).toEqual(expect.arrayContaining(['initialize', 'getContext', 'authentication.getAuthToken', 'registerHandler']));
    expect((await dark.calls()).filter((c) => !c.answered && c.func !== 'registerHandler')).toEqual([]);
    expect(teams.issuedTokens.length).toBeGreaterThan(0);

    // Every API call, the live stream included, carried a token Teams issued, and the API took the user from it.
    const api = teams.appRequests.filter((r) => r.path.startsWith('/api/'));
    expect(api.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/me', `/api/interactions/${INTERACTION_ID}/live`]));
    for (const request of api) {
      expect(request).toMatchObject({ status: 200, developmentIdentity: null });
      expect(teams.issuedTokens.map((t) => `Bearer ${t}`)).toContain(request.authorization);
    }
    // The tab's own /api/me: the SSO user, not the development identity…
    await expect((await me).json()).resolves.toMatchObject({ id: 'agent-oid-1', name: 'Elinor Dashwood', development: false });
    // …so no development banner.
    await expect(tab.getByText(en.dev.title).count()).resolves.toBe(0);
    expect(dark.errors).toEqual([]);
  });

  it('takes the theme from the Teams context, and follows it when Teams switches theme', async () => {
    const { tab } = dark;
    await tab.getByRole('article').waitFor();
    expect(await tabBackground(tab)).toBe('rgb(41, 41, 41)'); // teamsDarkTheme colorNeutralBackground1 #292929
    await dark.page.screenshot({ path: path.join(SCREENSHOTS, 'teams-dark.png'), animations: 'disabled' });

    expect(await dark.setTheme('contrast')).toBe(true); // true: the tab had registered for theme changes
    await eventually(() => tabBackground(tab), (background) => background === 'rgb(0, 0, 0)'); // teamsHighContrastTheme #000000
    await dark.page.screenshot({ path: path.join(SCREENSHOTS, 'teams-contrast.png'), animations: 'disabled' });

    expect(await dark.setTheme('default')).toBe(true);
    await eventually(() => tabBackground(tab), (background) => background === 'rgb(255, 255, 255)'); // teamsLightTheme #ffffff
    await dark.page.screenshot({ path: path.join(SCREENSHOTS, 'teams-light.png'), animations: 'disabled' });
  });

  it('shows a message posted to the webhook in the framed card, live, without reloading', async () => {
    const { tab, page } = dark;
    await tab.getByRole('article').waitFor();
    // Marks this document: if the tab reloaded, the mark would be gone.
    const frame = await dark.tabFrame();
    await frame.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    const text = `Sent at ${new Date().toISOString()}: it arrived after all!`;
    const event = anInteractionEvent('interaction.message', {
      interactionId: INTERACTION_ID,
      channel: 'chat',
      extra: { message: { id: 'msg_live', direction: 'inbound', text } },
    });
    expect((await postEventApplied(app, event)).status).toBe(202);

    await tab.getByText(text).waitFor({ timeout: 10_000 });
    await expect(frame.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).resolves.toBe(true);
    expect(page.frames().filter((f) => f.url().startsWith(teams.tabOrigin))).toHaveLength(1);
  });

  it('speaks the Teams language of the context (ja-jp)', async () => {
    const japanese = await teams.open(browser, { locale: 'ja-jp', theme: 'default' });
    const { tab } = japanese;
    await tab.getByRole('article').waitFor();
    await tab.getByRole('heading', { level: 2, name: ja.section.current }).waitFor();
    await expect(tab.getByRole('heading', { level: 2, name: en.section.current }).count()).resolves.toBe(0);
    await expect(tab.locator('html').getAttribute('lang')).resolves.toBe('ja');
    await expect(tab.getByText(ja.dev.title).count()).resolves.toBe(0);
    await japanese.page.screenshot({ path: path.join(SCREENSHOTS, 'teams-ja.png'), animations: 'disabled' });
    await japanese.page.close();
  });

  it('(control) the same tab outside Teams has no token, and says it runs as the development identity', async () => {
    // Guards the assertions above: without Teams SSO the banner does show, in the same browser.
    const page = await browser.newPage();
    await page.goto(`${teams.tabOrigin}/tab?interactionId=${INTERACTION_ID}`);
    await page.getByText(en.dev.title).waitFor();
    await page.close();
  });
});
