import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** The official Teams JSON schemas, as shipped with the Agents Toolkit's own manifest library. */
const SCHEMAS_DIR = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
const MANIFEST_SCHEMA = 'MicrosoftTeams.schema.json';
const LOCALIZATION_SCHEMA = 'MicrosoftTeams.Localization.schema.json';

const compiled = new Map<string, ValidateFunction>();

/** Problems with a Teams app manifest against the official schema of the version it declares; empty when valid. */
export function validateManifest(manifest: unknown): string[] {
  const version = isRecord(manifest) ? manifest.manifestVersion : undefined;
  if (typeof version !== 'string' || !isReleasedVersion(version)) {
    return [`/manifestVersion: ${JSON.stringify(version)} is not a released manifest version with a schema in @microsoft/app-manifest (newest: ${newestReleasedVersion()})`];
  }
  return [...schemaReferenceProblems(manifest, version, MANIFEST_SCHEMA), ...validate(manifest, version, MANIFEST_SCHEMA)];
}

/** Problems with a localisation file against the official localisation schema of the manifest's version; empty when valid. */
export function validateLocalization(localization: unknown, manifestVersion: string): string[] {
  if (!isReleasedVersion(manifestVersion)) throw new Error(`no localisation schema for manifest version ${manifestVersion}`);
  return [...schemaReferenceProblems(localization, manifestVersion, LOCALIZATION_SCHEMA), ...validate(localization, manifestVersion, LOCALIZATION_SCHEMA)];
}

/** Editors and the Agents Toolkit read "$schema", so it must name the schema this file is checked against. */
function schemaReferenceProblems(document: unknown, version: string, schemaFile: string): string[] {
  const reference = isRecord(document) ? document.$schema : undefined;
  const expected = `/json-schemas/teams/v${version}/${schemaFile}`;
  return typeof reference === 'string' && reference.endsWith(expected) ? [] : [`/$schema: ${JSON.stringify(reference)} should end with ${expected}`];
}

function validate(document: unknown, version: string, schemaFile: string): string[] {
  const check = compiledSchema(version, schemaFile);
  return check(document) ? [] : (check.errors ?? []).map(describe);
}

function compiledSchema(version: string, schemaFile: string): ValidateFunction {
  const key = `v${version}/${schemaFile}`;
  let check = compiled.get(key);
  if (!check) {
    // The same Ajv set-up as the toolkit's validateManifest step (draft-04, these formats, all errors).
    const options: Options = { allErrors: true, strictTypes: false };
    // The localisation schema has patterns like `\b]` that are syntax errors under the `u` flag,
    // and none of its patterns need Unicode; the manifest schema does (`\p{L}`), so only here.
    if (schemaFile === LOCALIZATION_SCHEMA) options.unicodeRegExp = false;
    const ajv = new Ajv04(options);
    addFormats(ajv, ['uri', 'email', 'regex']);
    check = ajv.compile(JSON.parse(readFileSync(path.join(SCHEMAS_DIR, `v${version}`, schemaFile), 'utf8')));
    compiled.set(key, check);
  }
  return check;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '/';
  // For these keywords Ajv's message does not say what was expected; the params do.
  const detail = ['additionalProperties', 'enum', 'const'].includes(error.keyword) ? ` ${JSON.stringify(error.params)}` : '';
  return `${where}: ${error.message ?? error.keyword}${detail}`;
}

/** Numbered versions only: devPreview needs the tenant in Public Developer Preview, so it is not for sideloading. */
function isReleasedVersion(version: string): boolean {
  return /^\d+\.\d+$/.test(version) && existsSync(path.join(SCHEMAS_DIR, `v${version}`, MANIFEST_SCHEMA));
}

function newestReleasedVersion(): string {
  const versions = readdirSync(SCHEMAS_DIR)
    .map((dir) => /^v(\d+)\.(\d+)$/.exec(dir))
    .filter((match) => match !== null)
    .map((match) => [Number(match[1]), Number(match[2])] as const)
    .sort(([major1, minor1], [major2, minor2]) => major1 - major2 || minor1 - minor2);
  const newest = versions.at(-1);
  return newest ? newest.join('.') : 'none';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
