/**
 * `npm run bench`: what must stay fast, reported as ratios measured in one run (absolute times
 * depend on the machine; the ratios should not). PostgreSQL runs too when TEST_DATABASE_URL is set.
 * `npm run bench -- bot merge` runs only the benchmarks named; `--contacts=10000000` sizes the scale
 * benchmark (default 1,000,000).
 */
import { benchBotUpdates } from './bench/bot-updates';
import { benchCardApi } from './bench/card-api';
import { benchIngest } from './bench/ingest';
import { benchLiveCards } from './bench/live-cards';
import { benchMerge } from './bench/merge';
import { benchResolution } from './bench/resolution';
import { benchScale } from './bench/scale';
import { benchTabBundle, benchTabRender } from './bench/tab';
import { benchWriteBack } from './bench/write-back';

const contacts = Number(/^--contacts=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--contacts=')) ?? '')?.[1] ?? 1_000_000);

const BENCHMARKS: Record<string, () => Promise<string[]>> = {
  'tab-bundle': async () => benchTabBundle(),
  'tab-render': benchTabRender,
  resolution: benchResolution,
  merge: benchMerge,
  'card-api': benchCardApi,
  'write-back': benchWriteBack,
  bot: benchBotUpdates,
  ingest: benchIngest,
  scale: () => benchScale(contacts),
  'live-cards': benchLiveCards,
};

async function main(names: string[]): Promise<void> {
  const unknown = names.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) throw new Error(`no benchmark ${unknown.join(', ')}; there are ${Object.keys(BENCHMARKS).join(', ')}`);
  for (const [name, bench] of Object.entries(BENCHMARKS)) {
    if (names.length === 0 || names.includes(name)) console.log((await bench()).join('\n'));
  }
}

void main(process.argv.slice(2).filter((a) => !a.startsWith('--'))).then(() => process.exit(0));
