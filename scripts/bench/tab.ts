/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { TAB_DIST_DIR } from '../../src/paths';
import { startAppOnFreshStore } from '../../test/support/app-server';
import { launchChromium } from '../../test/support/browser';
import { anInteractionEvent, ingest } from '../../test/support/events';
import { percentile } from './stores';

const BUDGET_KB = 250;
const RENDERS = 15;

/** Gzipped JavaScript the tab needs before its first render, in a browser and inside Teams. */
export function benchTabBundle(): string[] {
  const html = readFileSync(path.join(TAB_DIST_DIR, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/tab\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const teamsChunk = readFileSync(path.join(TAB_DIST_DIR, initial[0]!), 'utf8').match(/assets\/teams-host-[\w-]+\.js|teams-host-[\w-]+\.js/)?.[0];
  const kb = (files: string[]) => files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(TAB_DIST_DIR, f)), { level: 9 }).length, 0) / 1024;
  const browser = kb(initial);
  const teams = browser + (teamsChunk ? kb([`assets/${path.basename(teamsChunk)}`]) : 0);
  return [
    `tab first-render JavaScript (gzip): ${browser.toFixed(1)} KB in a browser, ${teams.toFixed(1)} KB inside Teams (budget ${BUDGET_KB} KB)` +
      `   ratio to budget ${(teams / BUDGET_KB).toFixed(2)}`,
  ];
}

/** Navigation to a rendered card in headless Chromium (median of 15), against the page's own DOMContentLoaded. */
export async function benchTabRender(): Promise<string[]> {
  const app = await startAppOnFreshStore();
  const browser = await launchChromium();
  try {
    await ingest(app.db, anInteractionEvent('interaction.started', { interactionId: 'bench-render', contact: { name: 'Edward Ferrars', phone: '8035550142' } }));
    const rendered: number[] = [];
    const loaded: number[] = [];
    for (let i = 0; i < RENDERS; i++) {
      const page = await browser.newPage();
      await page.goto(`${app.baseUrl}/tab?interactionId=bench-render`);
      await page.getByRole('heading', { name: 'Edward Ferrars', level: 1 }).waitFor();
      const [card, dom] = await page.evaluate(() => [performance.now(), performance.getEntriesByType('navigation')[0]!.toJSON().domContentLoadedEventEnd as number]);
      rendered.push(card!);
      loaded.push(dom!);
      await page.close();
    }
    const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
    return [
      `tab navigation to rendered card: median ${median(rendered).toFixed(0)} ms (DOMContentLoaded ${median(loaded).toFixed(0)} ms)` +
        `   ratio ${(median(rendered) / median(loaded)).toFixed(2)}`,
    ];
  } finally {
    await browser.close();
    await app.close();
  }
}

