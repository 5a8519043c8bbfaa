import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

export interface Environment {
  values: Record<string, string>;
  /** The files the values came from, for messages that say where to fill in what is missing. */
  files: string[];
}

/**
 * The values of an Agents Toolkit environment: env/.env.<name>, then env/.env.<name>.user (secrets
 * and local overrides, git-ignored) on top, as the toolkit layers them.
 */
export function readEnvironment(envDir: string, envName: string): Environment {
  if (!/^[\w-]+$/.test(envName)) throw new Error(`"${envName}" is not an environment name (letters, digits, - and _ only)`);
  const main = path.join(envDir, `.env.${envName}`);
  if (!existsSync(main)) {
    throw new Error(`${path.relative(process.cwd(), main)} does not exist; environments there: ${listEnvironments(envDir).join(', ') || 'none'}`);
  }
  const files = [main, `${main}.user`].filter((file) => existsSync(file));
  const values: Record<string, string> = {};
  for (const file of files) {
    for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
      if (value !== undefined) values[name] = value;
    }
  }
  return { values, files };
}

function listEnvironments(envDir: string): string[] {
  if (!existsSync(envDir)) return [];
  return readdirSync(envDir)
    .map((file) => /^\.env\.([\w-]+)$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}
