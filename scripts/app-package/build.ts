import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { readEnvironment, type Environment } from './environment';
import { ICON_RULES, iconProblems } from './icons';
import { fillPlaceholders } from './placeholders';
import { validateLocalization, validateManifest } from './schemas';

export interface PackageOptions {
  /** Folder with manifest.json and the icons and localisation files it names. */
  appPackageDir: string;
  /** Folder with the Agents Toolkit's .env.<name> files. */
  envDir: string;
  envName: string;
  /** Where appPackage.<envName>.zip is written. */
  outputDir: string;
}

export interface BuiltPackage {
  zipPath: string;
  /** Names of the files in the zip. */
  files: string[];
}

/** The package cannot be built: a summary, then everything found, one line each. */
export class AppPackageError extends Error {
  constructor(summary: string, problems: string[]) {
    super(`${summary}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'AppPackageError';
  }
}

/** The part of a schema-valid manifest that names the other files of the package. */
interface ManifestFiles {
  manifestVersion: string;
  icons: { color: string; outline: string };
  localizationInfo?: { defaultLanguageFile?: string; additionalLanguages?: Array<{ file: string }> };
}

/**
 * Builds the Teams app package for one environment, as the toolkit's zipAppPackage step does:
 * environment values filled into manifest.json and the localisation files, everything checked
 * against the official schemas and Teams' icon rules, then zipped with every file at the root,
 * under the names the manifest gives them.
 */
export function buildPackage(options: PackageOptions): BuiltPackage {
  const { appPackageDir } = options;
  const environment = readEnvironment(options.envDir, options.envName);
  const manifest = readFilled(appPackageDir, 'manifest.json', environment);
  const manifestProblems = validateManifest(manifest);
  if (manifestProblems.length > 0) throw new AppPackageError('manifest.json does not match the official Teams schema', manifestProblems);
  const { manifestVersion, icons, localizationInfo } = manifest as ManifestFiles;

  const localizationFiles = [localizationInfo?.defaultLanguageFile, ...(localizationInfo?.additionalLanguages ?? []).map((language) => language.file)];
  const localizations = new Map<string, unknown>();
  for (const file of localizationFiles) {
    if (file !== undefined) localizations.set(file, readFilled(appPackageDir, file, environment));
  }
  const color = readPackageFile(appPackageDir, icons.color);
  const outline = readPackageFile(appPackageDir, icons.outline);
  const problems = [
    ...[...localizations].flatMap(([file, localization]) => localizationProblems(localization, manifest, manifestVersion).map((problem) => `${file} ${problem}`)),
    ...iconProblems(icons.color, color, ICON_RULES.color),
    ...iconProblems(icons.outline, outline, ICON_RULES.outline),
  ];
  if (problems.length > 0) throw new AppPackageError('the app package would not be accepted by Teams', problems);

  const zip = new AdmZip();
  zip.addFile('manifest.json', toJson(manifest));
  zip.addFile(icons.color, color);
  zip.addFile(icons.outline, outline);
  for (const [file, localization] of localizations) zip.addFile(file, toJson(localization));
  mkdirSync(options.outputDir, { recursive: true });
  const zipPath = path.join(options.outputDir, `appPackage.${options.envName}.zip`);
  zip.writeZip(zipPath);
  return { zipPath, files: zip.getEntries().map((entry) => entry.entryName) };
}

function readPackageFile(appPackageDir: string, file: string): Buffer {
  const source = path.join(appPackageDir, file);
  if (!existsSync(source)) throw new AppPackageError('a file of the app package is missing', [`${relativeToWorkingDir(source)} does not exist`]);
  return readFileSync(source);
}

/** A JSON file of the app package with the environment's values filled in, parsed. */
function readFilled(appPackageDir: string, file: string, environment: Environment): unknown {
  const source = path.join(appPackageDir, file);
  const { text, missing } = fillPlaceholders(readPackageFile(appPackageDir, file).toString('utf8'), environment.values);
  if (missing.length > 0) {
    const envFiles = environment.files.map(relativeToWorkingDir).join(' + ');
    throw new AppPackageError(`${relativeToWorkingDir(source)} uses values that are not set, or empty, in ${envFiles} (provision writes the ids)`, missing);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppPackageError(`${relativeToWorkingDir(source)} is not valid JSON once filled in`, [error instanceof Error ? error.message : String(error)]);
  }
}

function relativeToWorkingDir(file: string): string {
  return path.relative(process.cwd(), file);
}

function toJson(document: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(document, null, 2)}\n`);
}

function localizationProblems(localization: unknown, manifest: unknown, manifestVersion: string): string[] {
  // Teams also refuses keys (like `bots[0].commandLists[1].commands[2].title`) that point nowhere in the manifest.
  const danglingKeys = Object.keys(localization as Record<string, unknown>).filter(
    (key) => key !== '$schema' && key !== 'localizationKeys' && fieldAt(manifest, key) === undefined,
  );
  return [...validateLocalization(localization, manifestVersion), ...danglingKeys.map((key) => `/${key}: translates a field the manifest does not have`)];
}

function fieldAt(document: unknown, key: string): unknown {
  let node = document;
  for (const [, name, index] of key.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[name ?? index!];
  }
  return node;
}
