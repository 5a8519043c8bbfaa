/**
 * `npm run bench`: what must stay fast, reported as ratios measured in one run (absolute times
 * depend on the machine; the ratios should not). PostgreSQL runs too when TEST_DATABASE_URL is set.
 */
import { benchCardApi } from './bench/card-api';
import { benchMerge } from './bench/merge';
import { benchResolution } from './bench/resolution';
import { benchTabBundle, benchTabRender } from './bench/tab';
import { benchWriteBack } from './bench/write-back';

async function main(): Promise<void> {
  for (const bench of [async () => benchTabBundle(), benchTabRender, benchResolution, benchMerge, benchCardApi, benchWriteBack]) {
    console.log((await bench()).join('\n'));
  }
}

void main().then(() => process.exit(0));
