/**
 * `npm run screenshots`: the README's screenshots, regenerated from the running app rather than by
 * hand. It builds the app (`npm run build`), starts it as `npm start` does (node dist/src/main.js,
 * development mode) on a fresh store with the demo data, and photographs it in headless Chromium:
 *
 * - the tab inside a simulated Teams web client (test/support/teams-host), light and dark, signed
 *   in with Teams SSO from a local stand-in for Entra ID (so no development banner);
 * - the Merge dialog's preview for Edward Ferrars' two cards (PRODUCT.md MERGE-4);
 * - the bot's card in the Microsoft 365 Agents Playground, offline.
 *
 * PNGs go to docs/screenshots/. Needs Chromium on the PATH (`which chromium`).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../src/paths';
import { startEntra } from '../test/support/entra';
import { startPlayground } from '../test/support/playground';
import { startTeamsHost, type TeamsHost, type TeamsTheme } from '../test/support/teams-host';
import en from '../tab/src/i18n/locales/en.json';
import botEn from '../bot/i18n/en.json';

const OUT_DIR = path.join(PROJECT_ROOT, 'docs', 'screenshots');
/** Edward Ferrars on the phone with Elinor; his e-mail of yesterday made a second card (src/demo/demo-data.ts). */
const CARD_INTERACTION = 'demo-call-edward';
const CUSTOMER = 'Edward Ferrars';
const DUPLICATE = 'Ed Ferrars';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** The tab's width in Teams on a laptop screen. */
const TAB_WIDTH = 960;
/** What the simulated Teams page puts above and beside the tab (test/support/teams-host/host-page.ts). */
const TEAMS_HEADER = 48;
const TEAMS_APP_BAR = 68;
/** A Teams meeting side panel. */
const NARROW_WIDTH = 320;
const STEP_TIMEOUT_MS = 30_000;

/** Everything started, stopped in reverse order whatever happens. */
const cleanups: Array<() => Promise<unknown>> = [];

async function main(): Promise<void> {
  const chromiumPath = which('chromium');
  build();
  mkdirSync(OUT_DIR, { recursive: true });

  const entra = await startEntra();
  cleanups.push(() => entra.close());
  const app = await startBuiltApp(entra.env);
  const teams = await startTeamsHost({
    appUrl: app.url,
    tabPath: `/tab?inTeams=true&interactionId=${CARD_INTERACTION}`,
    // Elinor as a supervisor, who sees every division's interactions.
    getToken: () => entra.token({ oid: 'elinor-dashwood', roles: ['Supervisor'] }),
    locale: 'en-us',
  });
  cleanups.push(() => teams.close());
  // The Teams simulator's name resolution, which still lets loopback (the Playground) through.
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...CHROMIUM_ARGS, ...teams.chromiumArgs] });
  cleanups.push(() => browser.close());

  for (const [theme, suffix] of [['default', 'light'], ['dark', 'dark']] as const) {
    await cardAndMergePreview(browser, teams, theme, suffix);
  }
  await narrowCard(browser, teams);
  await botCardInPlayground(browser, app.url);
}

async function cardAndMergePreview(browser: Browser, teams: TeamsHost, theme: TeamsTheme, suffix: string): Promise<void> {
  const { page, tab } = await openTab(browser, teams, theme, TAB_WIDTH);
  await shootWholeTab(page, tab, `card-${suffix}.png`);

  // Over the whole card, as photographed: the dialog then hides no scroll bar's gutter.
  await tab.getByRole('button', { name: en.card.merge, exact: true }).click();
  const dialog = tab.getByRole('dialog');
  await dialog.getByRole('list', { name: en.merge.suggested }).getByRole('button', { name: new RegExp(`^${DUPLICATE}\\b`) }).click();
  // The preview has loaded when the confirming Merge button may be pressed.
  await dialog.getByRole('button', { name: en.merge.confirm, exact: true, disabled: false }).waitFor();
  await settled(tab);
  await shoot(page, `merge-preview-${suffix}.png`, page.locator('iframe#tab'));
  await page.close();
}

async function narrowCard(browser: Browser, teams: TeamsHost): Promise<void> {
  const { page, tab } = await openTab(browser, teams, 'default', NARROW_WIDTH);
  await shootWholeTab(page, tab, 'card-narrow.png');
  await page.close();
}

/** Teams with the tab at `width`, showing the demo customer's card in full. */
async function openTab(browser: Browser, teams: TeamsHost, theme: TeamsTheme, width: number): Promise<{ page: Page; tab: FrameLocator }> {
  const { page, tab, errors } = await teams.open(browser, { theme });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await page.setViewportSize({ width: TEAMS_APP_BAR + width, height: TEAMS_HEADER + 600 });
  await tab.getByRole('article', { name: en.card.label.replace('{{name}}', CUSTOMER) }).waitFor();
  await tab.getByRole('heading', { level: 1, name: CUSTOMER }).waitFor();
  await settled(tab);
  if (errors.length > 0) throw new Error(`the tab failed: ${errors.join('; ')}`);
  return { page, tab };
}

/** Grows the window to the card's height, so the picture holds the whole card. */
async function shootWholeTab(page: Page, tab: FrameLocator, file: string): Promise<void> {
  const height = await tab.locator('html').evaluate((html) => html.scrollHeight);
  await page.setViewportSize({ width: page.viewportSize()!.width, height: TEAMS_HEADER + height });
  await settled(tab);
  await shoot(page, file, page.locator('iframe#tab'));
}

async function botCardInPlayground(browser: Browser, appUrl: string): Promise<void> {
  const playground = await startPlayground(`${appUrl}/api/messages`);
  cleanups.push(() => playground.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await page.goto(playground.url);
  const composer = page.locator('[data-lexical-editor=true]'); // the Playground's message box
  // The bot's greeting first, so the conversation always reads in the same order.
  await page.getByText(botEn.help.title, { exact: true }).first().waitFor();
  await composer.fill(CUSTOMER);
  await composer.press('Enter');
  await page.getByRole('button', { name: 'Hide log panel' }).click(); // the chat is what the picture is about
  // The bot answers a name with the customer's card, which offers to merge it.
  await page.getByRole('button', { name: botEn.merge.action }).waitFor();
  await settled(page);
  await shoot(page, 'bot-card-playground.png');
  await page.close();
}

/** Nothing is still loading: no spinner or progress bar shown on the page or in the tab. */
async function settled(scope: Page | FrameLocator): Promise<void> {
  await scope.locator('[role=progressbar]:visible').first().waitFor({ state: 'detached' });
}

/** Photographs the page, or only `part` of it, with the pointer out of the way (no hover highlight). */
async function shoot(page: Page, file: string, part?: Locator): Promise<void> {
  await page.mouse.move(0, 0);
  await (part ?? page).screenshot({ path: path.join(OUT_DIR, file), animations: 'disabled', caret: 'hide' });
  console.log(`  docs/screenshots/${file}`);
}

function which(command: string): string {
  try {
    return execFileSync('which', [command], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${command} is not on the PATH (Debian/Ubuntu: apt-get install -y ${command})`);
  }
}

function build(): void {
  console.log('npm run build');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}

/**
 * `node dist/src/main.js` as `npm start` runs it, in development mode with the demo data, on a fresh
 * data directory and a port the system picks. Only the variables given here reach it, so a
 * developer's own settings (DATABASE_URL, BOT_ID …) cannot change the pictures.
 */
async function startBuiltApp(sso: Record<string, string>): Promise<{ url: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cc-screenshots-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'src', 'main.js')], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', PORT: '0', DATA_DIR: dataDir, DEMO_DATA: 'true', LOG_LEVEL: 'warn', ...sso },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => stop(child));
  let output = '';
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start within 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const running = /Customer Card is running on http:\/\/localhost:(\d+)/.exec(output);
      if (running) {
        clearTimeout(timer);
        resolve(running[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited (${code}) before it was running:\n${output}`));
    });
  });
  return { url: `http://127.0.0.1:${port}` };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}

process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
main().then(
  () => cleanUp().then(() => process.exit(0)),
  (error: unknown) => {
    console.error(`screenshots failed: ${error instanceof Error ? error.message : String(error)}`);
    return cleanUp().then(() => process.exit(1));
  },
);
