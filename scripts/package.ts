/**
 * `npm run package -- <env>` (default `local`): builds appPackage/build/appPackage.<env>.zip from
 * appPackage/ and env/.env.<env> (+ .user), checked against the official Teams schemas.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths';
import { buildPackage } from './app-package/build';

function main(): void {
  const envName = process.argv[2] ?? 'local';
  const { zipPath, files } = buildPackage({
    appPackageDir: path.join(PROJECT_ROOT, 'appPackage'),
    envDir: path.join(PROJECT_ROOT, 'env'),
    envName,
    outputDir: path.join(PROJECT_ROOT, 'appPackage', 'build'),
  });
  console.log(`wrote ${path.relative(PROJECT_ROOT, zipPath)} (${files.join(', ')})`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
