import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeEachStore } from '../../test/support/stores';
import { migrate, readMigrations } from './migrate';

describe('readMigrations', () => {
  it('orders migration files by version number, not by name', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    writeFileSync(path.join(dir, '010_later.sql'), 'SELECT 10;');
    writeFileSync(path.join(dir, '002_second.sql'), 'SELECT 2;');
    writeFileSync(path.join(dir, 'README.md'), 'not a migration');
    expect(readMigrations(dir).map((m) => [m.version, m.name])).toEqual([[2, 'second'], [10, 'later']]);
  });

  it('refuses a file that is not named NNN_name.sql', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    writeFileSync(path.join(dir, 'init.sql'), 'SELECT 1;');
    expect(() => readMigrations(dir)).toThrow(/NNN_name\.sql/);
  });

  it('the project migrations start at 1 without gaps', () => {
    const versions = readMigrations().map((m) => m.version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
  });
});

describeEachStore('migrate', (store) => {
  it('applies each migration once, in order, and records it', async () => {
    const db = store();
    // The suite's store is already migrated: running again applies nothing.
    expect(await migrate(db)).toEqual([]);
    const extra = [{ version: 9001, name: 'probe', sql: 'CREATE TABLE migration_probe (n int); INSERT INTO migration_probe VALUES (1);' }];
    expect(await migrate(db, extra)).toEqual([9001]);
    expect(await migrate(db, extra)).toEqual([]);
    const rows = await db.query<{ n: number }>('SELECT n FROM migration_probe');
    expect(rows).toEqual([{ n: 1 }]);
    await db.exec('DROP TABLE migration_probe; DELETE FROM schema_migrations WHERE version = 9001;');
  });

  it('a failing migration leaves nothing half-applied', async () => {
    const db = store();
    const broken = [
      { version: 9002, name: 'good', sql: 'CREATE TABLE migration_good (n int);' },
      { version: 9003, name: 'bad', sql: 'CREATE TABLE migration_bad (n nonexistent_type);' },
    ];
    await expect(migrate(db, broken)).rejects.toThrow();
    const [row] = await db.query<{ t: string | null }>(`SELECT to_regclass('migration_good')::text AS t`);
    expect(row!.t).toBeNull();
  });
});
