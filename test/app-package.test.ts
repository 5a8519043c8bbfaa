import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TeamsManifestV1D30 } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { buildPackage, type PackageOptions } from '../scripts/app-package/build';
import { fillPlaceholders } from '../scripts/app-package/placeholders';
import { validateLocalization, validateManifest } from '../scripts/app-package/schemas';
import { PROJECT_ROOT } from '../src/paths';

const APP_PACKAGE_DIR = path.join(PROJECT_ROOT, 'appPackage');
const LOCALIZATION_FILES = ['ja.json', 'fr.json', 'de.json', 'sv.json'];

type Manifest = TeamsManifestV1D30.TeamsManifestV1D30;

/** What provision writes for a hosted environment; the SSO client id comes from the .user file. */
const ENV_FILE = `TEAMSFX_ENV=test
APP_NAME_SUFFIX=test
TEAMS_APP_ID=6f2c1a4e-8b3d-4e7a-9c51-2d8f0b6a7e13
BOT_ID=0b7d5e21-3c4a-4f8e-a1d2-9e6b7c8d5f40
BOT_DOMAIN=customer-card.contoso.com
BOT_ENDPOINT=https://customer-card.contoso.com
TAB_DOMAIN=customer-card.contoso.com
TAB_ENDPOINT=https://customer-card.contoso.com
`;
const ENV_USER_FILE = 'AAD_APP_CLIENT_ID=c3a9e8f1-52b6-4d07-8e1a-7f4c2b9d6e35\n';

let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'app-package-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Options for a build in a fresh folder: a copy of appPackage/ (changed by `edit`) and the test environment. */
function freshBuild(name: string, edit: (appPackageDir: string) => void = () => {}, envFile = ENV_FILE): PackageOptions {
  const dir = path.join(workDir, name);
  const appPackageDir = path.join(dir, 'appPackage');
  cpSync(APP_PACKAGE_DIR, appPackageDir, { recursive: true, filter: (source) => !source.startsWith(path.join(APP_PACKAGE_DIR, 'build')) });
  edit(appPackageDir);
  const envDir = path.join(dir, 'env');
  cpSync(path.join(PROJECT_ROOT, 'env'), envDir, { recursive: true });
  writeFileSync(path.join(envDir, '.env.test'), envFile);
  writeFileSync(path.join(envDir, '.env.test.user'), ENV_USER_FILE);
  return { appPackageDir, envDir, envName: 'test', outputDir: path.join(dir, 'build') };
}

function editManifest(appPackageDir: string, edit: (manifest: Manifest) => void): void {
  const file = path.join(appPackageDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  edit(manifest);
  writeFileSync(file, JSON.stringify(manifest, null, 2));
}

function buildError(options: PackageOptions): string {
  try {
    buildPackage(options);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the package was built, but should have been refused');
}

describe('the Teams app package', () => {
  let zip: AdmZip;
  let zipPath: string;
  let manifest: Manifest;

  beforeAll(() => {
    const options = freshBuild('valid');
    ({ zipPath } = buildPackage(options));
    zip = new AdmZip(zipPath);
    manifest = JSON.parse(zip.readAsText('manifest.json'));
  });

  const entry = (name: string): Buffer => zip.getEntry(name)!.getData();

  it('is written as build/appPackage.<env>.zip, with exactly the manifest, both icons and the localisation files at its root', () => {
    expect(path.basename(zipPath)).toBe('appPackage.test.zip');
    expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(['color.png', 'de.json', 'fr.json', 'ja.json', 'manifest.json', 'outline.png', 'sv.json']);
  });

  it('fills every ${{VAR}} from env/.env.<env> and its .user file', () => {
    for (const name of ['manifest.json', ...LOCALIZATION_FILES]) expect(zip.readAsText(name)).not.toMatch(/\$\{\{/);
    expect(manifest.id).toBe('6f2c1a4e-8b3d-4e7a-9c51-2d8f0b6a7e13');
    expect(manifest.bots?.[0]?.botId).toBe('0b7d5e21-3c4a-4f8e-a1d2-9e6b7c8d5f40');
    expect(manifest.webApplicationInfo).toEqual({
      id: 'c3a9e8f1-52b6-4d07-8e1a-7f4c2b9d6e35',
      resource: 'api://customer-card.contoso.com/c3a9e8f1-52b6-4d07-8e1a-7f4c2b9d6e35',
    });
    expect(manifest.staticTabs?.[0]?.contentUrl).toBe('https://customer-card.contoso.com/tab?inTeams=true');
  });

  it('holds a manifest valid against the official schema of the newest released version', () => {
    expect(manifest.manifestVersion).toBe('1.30');
    expect(validateManifest(manifest)).toEqual([]);
  });

  it('holds ja, fr, de and sv localisation files, each valid against the official localisation schema', () => {
    expect(manifest.localizationInfo?.additionalLanguages?.map((language) => language.languageTag)).toEqual(['ja-jp', 'fr-fr', 'de-de', 'sv-se']);
    for (const file of LOCALIZATION_FILES) {
      const localization = JSON.parse(zip.readAsText(file));
      expect({ file, problems: validateLocalization(localization, manifest.manifestVersion) }).toEqual({ file, problems: [] });
      expect(localization['name.short']).not.toBe(manifest.name.short); // translated, not copied
    }
  });

  it('has a 192×192 colour icon and a 32×32 outline icon that is white on transparent', () => {
    const color = PNG.sync.read(entry('color.png'));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = PNG.sync.read(entry('outline.png'));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const pixels = Array.from({ length: outline.width * outline.height }, (_, i) => [...outline.data.subarray(i * 4, i * 4 + 4)]);
    const white = (rgba: number[]) => rgba[0] === 255 && rgba[1] === 255 && rgba[2] === 255;
    expect(pixels.filter((rgba) => rgba[3] !== 0 && !white(rgba))).toEqual([]);
    expect(pixels.filter((rgba) => rgba[3] === 255 && white(rgba)).length).toBeGreaterThan(50); // a visible glyph
    expect(pixels.filter((rgba) => rgba[3] === 0).length).toBeGreaterThan(50); // on a transparent background
  });

  it('offers the personal tab, the configurable tab for chats, channels and the meeting side panel, and the bot with its commands', () => {
    expect(manifest.staticTabs).toEqual([expect.objectContaining({ scopes: ['personal'] })]);
    expect(manifest.configurableTabs).toHaveLength(1);
    const [configurableTab] = manifest.configurableTabs!;
    expect(configurableTab!.scopes).toEqual(expect.arrayContaining(['team', 'groupChat']));
    expect(configurableTab!.context).toEqual(expect.arrayContaining(['channelTab', 'privateChatTab', 'meetingSidePanel']));
    expect(manifest.bots).toHaveLength(1);
    const [bot] = manifest.bots!;
    expect([...bot!.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    const commandLists = bot!.commandLists ?? [];
    expect(commandLists.flatMap((list) => list.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of commandLists) {
      expect(list.commands.map((command) => command.title)).toEqual(expect.arrayContaining(['help', 'find', 'follow', 'unfollow']));
    }
    expect(manifest.validDomains).toEqual(expect.arrayContaining(['customer-card.contoso.com']));
  });

  it('offers the bot\'s search in the compose box and unfurls links to the tab, translated in every language', () => {
    expect(manifest.composeExtensions).toHaveLength(1);
    const [extension] = manifest.composeExtensions!;
    expect(extension!.botId).toBe(manifest.bots![0]!.botId);
    expect(extension!.commands).toEqual([
      expect.objectContaining({ id: 'findCustomerCard', type: 'query', initialRun: true, parameters: [expect.objectContaining({ name: 'query', inputType: 'text' })] }),
    ]);
    expect(extension!.messageHandlers).toEqual([{ type: 'link', value: { domains: ['customer-card.contoso.com'] } }]); // the tab's domain
    for (const file of LOCALIZATION_FILES) {
      const localization = JSON.parse(zip.readAsText(file));
      const title = localization['composeExtensions[0].commands[0].title'];
      expect({ file, title }).toEqual({ file, title: localization['name.short'] }); // the command reads as the app's name
      expect(localization['composeExtensions[0].commands[0].parameters[0].title']).not.toBe(extension!.commands![0]!.parameters![0]!.title);
    }
  });
});

describe('building the Teams app package refuses', () => {
  it('a placeholder the environment does not set, naming it and the env files read', () => {
    const options = freshBuild('unset-variable', (dir) => editManifest(dir, (m) => (m.developer.mpnId = '${{PARTNER_ID}}')), ENV_FILE.replace(/^BOT_ID=.*$/m, 'BOT_ID='));
    const message = buildError(options);
    expect(message).toMatch(/manifest\.json uses values that are not set, or empty, in .*\.env\.test \+ .*\.env\.test\.user/);
    expect(message).toContain('- BOT_ID\n  - PARTNER_ID');
  });

  it('a bot command title longer than the schema allows, saying where and what the limit is', () => {
    const options = freshBuild('long-title', (dir) => editManifest(dir, (m) => (m.bots![0]!.commandLists![1]!.commands[2]!.title = 'x'.repeat(129))));
    expect(buildError(options)).toContain('/bots/0/commandLists/1/commands/2/title: must NOT have more than 128 characters');
  });

  it('a manifest version without a released schema', () => {
    const options = freshBuild('bad-version', (dir) => editManifest(dir, (m) => Object.assign(m, { manifestVersion: '1.99' })));
    expect(buildError(options)).toMatch(/\/manifestVersion: "1\.99" is not a released manifest version .*\(newest: 1\.\d+\)/);
  });

  it('a $schema that names another version than manifestVersion', () => {
    const options = freshBuild('stale-schema', (dir) => editManifest(dir, (m) => (m.$schema = m.$schema!.replace('v1.30', 'v1.29'))));
    expect(buildError(options)).toContain('/$schema: "https://developer.microsoft.com/en-us/json-schemas/teams/v1.29/MicrosoftTeams.schema.json" should end with /json-schemas/teams/v1.30/MicrosoftTeams.schema.json');
  });

  it('a localisation file with a key the schema does not know, or one translating a field the manifest lacks', () => {
    const options = freshBuild('bad-localization', (dir) => {
      const file = path.join(dir, 'sv.json');
      const localization = JSON.parse(readFileSync(file, 'utf8'));
      writeFileSync(file, JSON.stringify({ ...localization, 'name.nickname': 'Kort', 'bots[0].commandLists[0].commands[9].title': 'hjälp' }));
    });
    const message = buildError(options);
    expect(message).toContain('sv.json /: must NOT have additional properties {"additionalProperty":"name.nickname"}');
    expect(message).toContain('sv.json /bots[0].commandLists[0].commands[9].title: translates a field the manifest does not have');
  });

  it('an outline icon that is not white on transparent, or a colour icon of the wrong size', () => {
    const options = freshBuild('bad-icons', (dir) => {
      const outline = PNG.sync.read(readFileSync(path.join(dir, 'outline.png')));
      outline.data.set([128, 128, 128, 255], (3 * 32 + 5) * 4); // one opaque grey pixel at x=5, y=3
      writeFileSync(path.join(dir, 'outline.png'), PNG.sync.write(outline));
      writeFileSync(path.join(dir, 'color.png'), PNG.sync.write(new PNG({ width: 96, height: 96 })));
    });
    const message = buildError(options);
    expect(message).toContain('outline.png has 1 pixel(s) neither white nor fully transparent (first at x=5, y=3)');
    expect(message).toContain('color.png is 96×96 pixels; Teams requires 192×192');
  });

  it('an environment that has no env file, listing the ones there are', () => {
    expect(buildError({ ...freshBuild('no-env'), envName: 'staging' })).toMatch(/\.env\.staging does not exist; environments there: dev, local, test$/);
  });
});

describe('fillPlaceholders', () => {
  it('fills ${{NAME}} and ${{ NAME }}, and reports unset and empty names once each, sorted', () => {
    expect(fillPlaceholders('https://${{HOST}}/tab/${{ HOST }}', { HOST: 'a.example' })).toEqual({ text: 'https://a.example/tab/a.example', missing: [] });
    expect(fillPlaceholders('${{B}} ${{A}} ${{B}} ${{SET}}', { A: '', SET: 'x' })).toEqual({ text: '${{B}} ${{A}} ${{B}} x', missing: ['A', 'B'] });
  });
});
