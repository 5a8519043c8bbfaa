/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import type { Page } from 'playwright-core';

/**
 * WCAG 2 A and AA violations axe-core finds on the page (colour contrast among them). Tabster's
 * focus bumpers (`data-tabster-dummy`, in Fluent's TabList and dialogs) are left out of
 * aria-hidden-focus: hidden from screen readers and focusable on purpose, they pass focus on at once
 * (a known false positive that Accessibility Insights suppresses too: microsoft/tabster#288).
 * Checked once running animations are over: a dialog fading in has half its contrast for a moment.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await animationsFinished(page);
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    type Violation = { id: string; nodes: Array<{ target: string[]; html: string }> };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    const isBumper = (v: Violation, html: string) => v.id === 'aria-hidden-focus' && html.includes('data-tabster-dummy');
    return violations
      .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !isBumper(v, n.html)) }))
      .filter((v) => v.nodes.length > 0)
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Resolves when the page's running animations (transitions, Fluent's motion) have ended; endless ones are not awaited. */
export async function animationsFinished(page: Page): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.playState === 'running' && Number.isFinite(a.effect?.getComputedTiming().endTime)).map((a) => a.finished)));
}
