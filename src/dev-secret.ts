import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Development only: the events secret generated on first start and kept under the data folder,
 * so a local integration keeps working across restarts.
 */
export function developmentEventsSecret(dataDir: string): { secret: string; file: string } {
  const file = path.join(dataDir, 'events-secret');
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), file };
  mkdirSync(dataDir, { recursive: true });
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, file };
}
