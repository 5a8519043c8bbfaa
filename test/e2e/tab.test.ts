import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/paths';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');

describeInChromium('tab in headless Chromium', () => {
  let app: RunningApp;
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

  it('opens the tab page from the root URL', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/tab');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Find a customer');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search.png') });
    await page.close();
  });
});
