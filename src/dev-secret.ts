import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Development only: a secret generated on first start and kept under the data folder, so local
 * integrations and stored data keep working across restarts. Production must configure its own.
 */
export function developmentSecret(dataDir: string, name: string, generate: () => string): { secret: string; file: string } {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), file };
  mkdirSync(dataDir, { recursive: true });
  const secret = generate();
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, file };
}

export const newEventsSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
export const newSecretsKey = () => randomBytes(32).toString('base64');
