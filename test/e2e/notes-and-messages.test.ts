import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths';
import type { Db } from '../../src/store/db';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium } from '../support/browser';
import { startEntra } from '../support/entra';
import { anInteractionEvent, ingest } from '../support/events';
import { startSmtpServer } from '../support/smtp-server';
import { startTeamsHost, type TeamsHost } from '../support/teams-host';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const INTERACTION_ID = 'call-edward';
const ELINOR = { oid: 'elinor-oid', name: 'Elinor Dashwood', roles: ['Agent'] };
const MARIANNE = { oid: 'marianne-oid', name: 'Marianne Dashwood', roles: ['Agent'] };

/**
 * NOTE-1, NOTE-2 and OUT-1 in the tab inside (simulated) Teams, with real SSO tokens for two agents:
 * Elinor adds a note, Marianne reads it and is offered nothing to change it (and the API refuses
 * her); Elinor e-mails Edward, the mail arrives at the local SMTP server and shows on the card.
 */
describeInChromium('notes and messages to the customer, as two agents in Teams', () => {
  let entra: Awaited<ReturnType<typeof startEntra>>;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let app: RunningApp & { db: Db };
  let teams: TeamsHost;
  let browser: Browser;
  let signedIn = ELINOR;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    entra = await startEntra();
    smtp = await startSmtpServer();
    app = await startAppOnFreshStore({ ...entra.env, SMTP_URL: smtp.url, MAIL_FROM: 'cards@classics.example' });
    await ingest(app.db, anInteractionEvent('interaction.started', {
      interactionId: INTERACTION_ID, division: 'support-emea', agent: { id: ELINOR.oid, name: ELINOR.name },
      contact: { name: 'Edward Ferrars', phone: '+1 803-555-0142', email: 'edward.ferrars@norland.example' },
    }));
    await app.db.query("INSERT INTO user_divisions (user_id, division) VALUES ($1, 'support-emea'), ($2, 'support-emea')", [ELINOR.oid, MARIANNE.oid]);
    // Each tab page asks Teams for its token once: the agent signed in when the page opens is its user.
    teams = await startTeamsHost({
      appUrl: app.baseUrl,
      tabPath: `/tab?inTeams=true&interactionId=${INTERACTION_ID}`,
      getToken: () => entra.token(signedIn),
    });
    browser = await teams.launch();
  });
  afterAll(async () => {
    await browser?.close();
    await teams?.close();
    await app?.close();
    await smtp?.close();
    await entra?.close();
  });

  async function openCardAs(agent: typeof ELINOR) {
    signedIn = agent;
    const opened = await teams.open(browser);
    await opened.tab.getByRole('heading', { level: 1, name: 'Edward Ferrars' }).waitFor();
    return opened;
  }

  it('a note added by one agent is read-only for another: no edit offered, and the API refuses', async () => {
    const elinor = await openCardAs(ELINOR);
    await elinor.tab.getByRole('button', { name: 'Notes' }).click();
    await elinor.tab.getByRole('textbox', { name: 'New note' }).fill('Order 1811 left the warehouse today; he will call back Friday.');
    await elinor.tab.getByRole('button', { name: 'Add note' }).click();
    const own = elinor.tab.getByRole('button', { name: /^Note by Elinor Dashwood/ });
    await own.waitFor();
    await own.click();
    await elinor.tab.getByRole('dialog', { name: 'Note' }).getByRole('button', { name: 'Edit' }).waitFor();
    await elinor.page.screenshot({ path: path.join(SCREENSHOTS, 'note-own-en-light.png'), animations: 'disabled' });
    await elinor.page.close();

    const marianne = await openCardAs(MARIANNE);
    await marianne.tab.getByRole('button', { name: 'Notes' }).click();
    await marianne.tab.getByRole('button', { name: /^Note by Elinor Dashwood/ }).click();
    const dialog = marianne.tab.getByRole('dialog', { name: 'Note' });
    await dialog.getByText('Order 1811 left the warehouse today; he will call back Friday.').waitFor();
    await expect(dialog.getByRole('button').allTextContents()).resolves.toEqual(['Close']);
    await marianne.page.screenshot({ path: path.join(SCREENSHOTS, 'note-others-en-light.png'), animations: 'disabled' });

    // Marianne's own token, as her tab sends it: the server refuses her edit whatever the UI offers.
    const [note] = await app.db.query<{ id: string }>('SELECT id FROM notes');
    const refused = await fetch(`${app.baseUrl}/api/notes/${note!.id}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${await entra.token(MARIANNE)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Changed by Marianne' }),
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/only your own notes/);
    expect(marianne.errors).toEqual([]);
    await marianne.page.close();
  });

  it('an e-mail sent from the card arrives at the SMTP server and shows in the card’s history', async () => {
    const elinor = await openCardAs(ELINOR);
    await elinor.tab.getByRole('button', { name: 'Send a message' }).click();
    const dialog = elinor.tab.getByRole('dialog', { name: 'Message Edward Ferrars' });
    await dialog.getByRole('radio', { name: 'E-mail' }).check();
    await dialog.getByRole('textbox', { name: 'Subject' }).fill('Your order 1811');
    await dialog.getByRole('textbox', { name: 'Message' }).fill('Dear Mr Ferrars,\nyour parcel arrives on Friday.\nElinor Dashwood');
    await elinor.page.screenshot({ path: path.join(SCREENSHOTS, 'message-dialog-en-light.png'), animations: 'disabled' });
    await dialog.getByRole('button', { name: 'Send' }).click();
    await elinor.tab.getByText('E-mail sent to edward.ferrars@norland.example').first().waitFor(); // the toast, and its live-region announcement

    const mail = await smtp.waitForMail((m) => m.subject === 'Your order 1811');
    expect(mail).toMatchObject({ from: { name: 'Elinor Dashwood', address: 'cards@classics.example' }, to: ['edward.ferrars@norland.example'] });
    expect(mail.text).toContain('your parcel arrives on Friday.');

    await elinor.tab.getByRole('button', { name: 'Messages sent' }).click();
    await elinor.tab.getByText('E-mail to edward.ferrars@norland.example').waitFor();
    await elinor.tab.getByText('Your order 1811').waitFor();
    await elinor.page.screenshot({ path: path.join(SCREENSHOTS, 'message-history-en-light.png'), animations: 'disabled' });
    expect(elinor.errors).toEqual([]);
    await elinor.page.close();
  });
});
