import { audit } from '../settings-audit';
import { lockName, type Db, type Queryable } from '../../store/db';
import { conflict, invalid, notFound } from '../errors';
import { PERMISSIONS, permissionsOf, type Actor, type Permission, type RoleCatalogue } from './permissions';
import { checkDeletable, checkRolePermissions, rolesOf, type MappingSource, type RoleClaims, type RoleMapping } from './roles';

export interface Role {
  name: string;
  permissions: Permission[];
  builtIn: boolean;
  updatedBy: string;
  updatedAt: Date;
}

type Editor = Pick<Actor, 'id' | 'name'>;

/**
 * What the token's roles and groups grant, as the store says now: read on every request, so an
 * admin's change applies at once on every instance, without a restart or a cache to invalidate.
 */
export async function loadPermissions(db: Queryable, claims: RoleClaims): Promise<ReadonlySet<Permission>> {
  // One round trip: every role (the catalogue is small), with the mappings that match these claims.
  const rows = await db.query<{ name: string; permissions: string[]; source: MappingSource | null; value: string | null }>(
    `SELECT r.name, r.permissions, m.source, m.value
     FROM roles r LEFT JOIN role_mappings m ON m.role = r.name
       AND ((m.source = 'appRole' AND m.value = ANY($1::text[])) OR (m.source = 'group' AND m.value = ANY($2::text[])))`,
    [claims.roles, claims.groups ?? []],
  );
  const catalogue: RoleCatalogue = new Map(rows.map((r) => [r.name, known(r.permissions)]));
  const mappings = rows.flatMap((r): RoleMapping[] => (r.source && r.value ? [{ source: r.source, value: r.value, role: r.name }] : []));
  return permissionsOf(rolesOf(claims, mappings, new Set(catalogue.keys())), catalogue);
}

export async function listRoles(db: Queryable): Promise<Role[]> {
  const rows = await db.query<RoleRow>('SELECT * FROM roles ORDER BY built_in DESC, name');
  return rows.map(toRole);
}

/** Creates the role or sets its permissions. */
export async function putRole(db: Db, editor: Editor, name: string, permissions: readonly Permission[]): Promise<Role> {
  const wanted = PERMISSIONS.filter((p) => permissions.includes(p)); // one order, no repeats
  checkRolePermissions(name, wanted);
  return db.transaction(async (tx) => {
    await lockRole(tx, name);
    const [other] = await tx.query<{ name: string }>('SELECT name FROM roles WHERE lower(name) = lower($1) AND name <> $1', [name]);
    if (other) throw conflict(`there is already a role named ${other.name}; role names differ by more than case`);
    const [before] = await tx.query<RoleRow>('SELECT * FROM roles WHERE name = $1', [name]);
    const [after] = await tx.query<RoleRow>(
      `INSERT INTO roles (name, permissions, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET permissions = EXCLUDED.permissions, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING *`,
      [name, wanted, editor.name],
    );
    await audit(tx, editor, `role:${name}`, before ? { permissions: before.permissions } : null, { permissions: wanted });
    return toRole(after!);
  });
}

/** Deletes a custom role, and with it the mappings to it. */
export async function deleteRole(db: Db, editor: Editor, name: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRole(tx, name);
    const [row] = await tx.query<RoleRow>('SELECT * FROM roles WHERE name = $1', [name]);
    if (!row) throw notFound(`there is no role named ${name}`);
    checkDeletable(toRole(row));
    const mappings = await tx.query<Omit<RoleMapping, 'role'>>('SELECT source, value FROM role_mappings WHERE role = $1 ORDER BY source, value', [name]);
    await tx.query('DELETE FROM roles WHERE name = $1', [name]);
    await audit(tx, editor, `role:${name}`, { permissions: row.permissions, mappings }, null);
  });
}

export async function listMappings(db: Queryable): Promise<RoleMapping[]> {
  return db.query<RoleMapping>('SELECT source, value, role FROM role_mappings ORDER BY source, value');
}

/** Maps an app role or group to a role, in place of what it was mapped to. */
export async function putMapping(db: Db, editor: Editor, mapping: RoleMapping): Promise<void> {
  await db.transaction(async (tx) => {
    await lockRole(tx, mapping.role); // the role cannot be deleted meanwhile
    const [role] = await tx.query('SELECT 1 FROM roles WHERE name = $1', [mapping.role]);
    if (!role) throw invalid(`there is no role named ${mapping.role}`, 'role');
    const [before] = await tx.query<{ role: string }>('SELECT role FROM role_mappings WHERE source = $1 AND value = $2 FOR UPDATE', [mapping.source, mapping.value]);
    await tx.query(
      `INSERT INTO role_mappings (source, value, role) VALUES ($1, $2, $3)
       ON CONFLICT (source, value) DO UPDATE SET role = EXCLUDED.role`,
      [mapping.source, mapping.value, mapping.role],
    );
    await audit(tx, editor, mappingSetting(mapping), before ?? null, { role: mapping.role });
  });
}

export async function deleteMapping(db: Db, editor: Editor, source: MappingSource, value: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [removed] = await tx.query<{ role: string }>('DELETE FROM role_mappings WHERE source = $1 AND value = $2 RETURNING role', [source, value]);
    if (!removed) throw notFound(`${source} ${value} is not mapped to a role`);
    await audit(tx, editor, mappingSetting({ source, value }), removed, null);
  });
}

interface RoleRow {
  name: string;
  permissions: string[];
  built_in: boolean;
  updated_by: string;
  updated_at: Date;
}

const toRole = (row: RoleRow): Role => ({
  name: row.name, permissions: known(row.permissions), builtIn: row.built_in, updatedBy: row.updated_by, updatedAt: row.updated_at,
});

// A permission dropped from the code may linger in a stored role; it grants nothing.
const known = (permissions: string[]) => permissions.filter((p): p is Permission => (PERMISSIONS as readonly string[]).includes(p));

// Case-insensitively, as role names are unique.
const lockRole = (tx: Queryable, name: string) => lockName(tx, `role:${name.toLowerCase()}`);

const mappingSetting = (m: Pick<RoleMapping, 'source' | 'value'>) => `role-mapping:${m.source}:${m.value}`;
