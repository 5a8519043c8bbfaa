/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths';
import { accessibilityViolations } from '../support/accessibility';
import { outboundEnv, startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';
import { anInteractionEvent, ingest } from '../support/events';
import { startSmsProvider } from '../support/sms-provider';
import { startSmtpServer } from '../support/smtp-server';
import { waitUntil } from '../support/wait';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');

/**
 * OUT-1 when the SMS provider refuses (issue #16): the local Twilio-compatible provider refuses a
 * number shorter than it accepts (error 21211). The agent stays in the dialog with the reason, Escape
 * still closes it, and the card's "Messages sent" shows the attempt at once, as not sent.
 */
describeInChromium('an SMS the provider refuses, in the tab', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let sms: Awaited<ReturnType<typeof startSmsProvider>>;
  let app: RunningApp & { db: Parameters<typeof ingest>[0] };
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    smtp = await startSmtpServer();
    sms = await startSmsProvider();
    app = await startAppOnFreshStore(outboundEnv(smtp, sms));
    browser = await launchChromium();
    // Niue's numbers have seven digits: a real number, which this provider refuses.
    await ingest(app.db, anInteractionEvent('interaction.started', { interactionId: 'call-edward', contact: { name: 'Edward Ferrars', phone: '+683 4002' } }));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await Promise.all([smtp?.close(), sms?.close()]);
  });

  const focusIsIn = (page: Page, selector: string) => page.evaluate((s) => document.activeElement?.closest(s) != null, selector);

  it.each(['default', 'dark'] as const)('focus stays in the dialog, Escape closes it, and the card shows the SMS as not sent (%s theme)', async (theme) => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    await page.goto(`${app.baseUrl}/tab?interactionId=call-edward&theme=${theme}`);
    await page.getByRole('heading', { level: 1, name: 'Edward Ferrars' }).waitFor();

    await page.getByRole('button', { name: 'Send a message' }).click();
    const dialog = page.getByRole('dialog', { name: 'Message Edward Ferrars' });
    await dialog.getByRole('textbox', { name: 'Message' }).fill(`Your parcel arrives on Friday (${theme}).`);
    await dialog.getByRole('button', { name: 'Send' }).press('Enter');

    const alert = dialog.getByRole('alert');
    await alert.getByText('The provider says the address is not valid').waitFor();
    await alert.getByText(/The 'To' number \+6834002 is not a valid phone number/).waitFor();
    await waitUntil(() => focusIsIn(page, '[role="dialog"]'));
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, `message-refused-en-${theme}.png`), animations: 'disabled' });

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Messages sent' }).click();
    const entry = page.getByRole('listitem').filter({ hasText: `Your parcel arrives on Friday (${theme}).` });
    await entry.getByText(/^Not sent — The SMS provider does not accept the number/).waitFor();
    await entry.getByText('Attempted by Development User').waitFor();
    expect(await entry.innerText()).not.toContain('Sent by');
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, `message-refused-history-en-${theme}.png`), animations: 'disabled' });
    expect(loads).toHaveLength(1); // the first load only: no reload
    await page.close();
  });
});
