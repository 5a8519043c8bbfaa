import type { Browser, Page } from 'playwright-core';
import { startAppOnFreshStore, type RunningApp } from '../support/app-server';
import { describeInChromium, launchChromium } from '../support/browser';

/**
 * Issue #16: a search that finds no one is not a dead end. The tab offers Create contact with what
 * was searched for, and the new card opens as a picked result does, its number read in
 * international format.
 */
describeInChromium('creating a contact from a search with no match, in headless Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await startAppOnFreshStore();
    browser = await launchChromium();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
  });
  afterEach(() => page.close());
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('searches a name nobody has, creates the contact from it, and sees its card', async () => {
    await page.goto(`${app.baseUrl}/tab`);
    await page.getByRole('searchbox', { name: 'Name, phone number or e-mail address' }).fill('Lucy Steele');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No contact matches “Lucy Steele”.').waitFor();

    const form = page.getByRole('form', { name: 'Create contact' });
    await expect(form.getByRole('textbox', { name: 'Name' }).inputValue()).resolves.toBe('Lucy Steele');
    await form.getByRole('textbox', { name: 'Phone' }).fill('(803) 555-0199');
    await form.getByRole('button', { name: 'Create contact' }).click();

    const card = page.getByRole('article', { name: 'Customer card of Lucy Steele' });
    await card.getByRole('heading', { name: 'Lucy Steele', level: 1 }).waitFor();
    await card.getByRole('group', { name: 'Phone' }).getByText('+1 803 555 0199').waitFor();
    await page.getByRole('button', { name: 'Back to the results' }).waitFor();
  });

  it('pre-fills a searched phone number as the phone', async () => {
    await page.goto(`${app.baseUrl}/tab`);
    await page.getByRole('searchbox', { name: 'Name, phone number or e-mail address' }).fill('+46 70 123 45 67');
    await page.getByRole('button', { name: 'Search' }).click();
    const form = page.getByRole('form', { name: 'Create contact' });
    await expect(form.getByRole('textbox', { name: 'Phone' }).inputValue()).resolves.toBe('+46 70 123 45 67');
    await expect(form.getByRole('textbox', { name: 'Name' }).inputValue()).resolves.toBe('');
  });
});
