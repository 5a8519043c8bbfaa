import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Debian Chromium; the flags keep it off the (closed) network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** `describe` when Chromium is installed; otherwise skipped with a notice, and an error in CI. */
export function describeInChromium(name: string, suite: () => void): void {
  if (existsSync(CHROMIUM_PATH)) return describe(name, suite);
  if (process.env.CI === 'true') throw new Error(`CI=true but Chromium is not installed at ${CHROMIUM_PATH}: browser tests may not be skipped in CI`);
  console.warn(`[notice] Chromium not found at ${CHROMIUM_PATH}: "${name}" is SKIPPED (apt-get install -y chromium).`);
  describe.skip(name, suite);
}
