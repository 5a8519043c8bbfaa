import { DEFAULT_ROLE_PERMISSIONS, permissionsOf, type Permission, type RoleCatalogue } from './permissions';
import { checkDeletable, checkRolePermissions, rolesOf, ROLE_NAME, type RoleClaims, type RoleMapping } from './roles';

const CATALOGUE: RoleCatalogue = new Map<string, readonly Permission[]>([
  ...DEFAULT_ROLE_PERMISSIONS,
  ['Auditor', ['contacts:view', 'journey:view']],
  ['Nothing', []],
]);
const SALES_GROUP = '0b9d2c4e-1111-4a7e-9c1e-000000000001';
const MAPPINGS: RoleMapping[] = [
  { source: 'group', value: SALES_GROUP, role: 'Auditor' },
  { source: 'appRole', value: 'CustomerCard.Lead', role: 'Supervisor' },
];

function resolve(claims: RoleClaims): Set<Permission> {
  return new Set(permissionsOf(rolesOf(claims, MAPPINGS, new Set(CATALOGUE.keys())), CATALOGUE));
}

describe('permission resolution', () => {
  it('grants the role an app role is named after, without a mapping', () => {
    expect(resolve({ roles: ['Supervisor'] })).toEqual(new Set(DEFAULT_ROLE_PERMISSIONS.get('Supervisor')));
  });

  it('grants the role an app role is mapped to', () => {
    expect(resolve({ roles: ['CustomerCard.Lead'] })).toEqual(new Set(DEFAULT_ROLE_PERMISSIONS.get('Supervisor')));
  });

  it('grants a custom role through a group, and only what it grants', () => {
    expect(resolve({ roles: [], groups: [SALES_GROUP] })).toEqual(new Set(['contacts:view', 'journey:view']));
  });

  it('unites the permissions of every role held', () => {
    const both = resolve({ roles: ['Admin'], groups: [SALES_GROUP] });
    expect(both).toEqual(new Set(DEFAULT_ROLE_PERMISSIONS.get('Admin')));
    expect(rolesOf({ roles: ['Admin', 'Admin'], groups: [SALES_GROUP] }, MAPPINGS, new Set(CATALOGUE.keys()))).toEqual(['Admin', 'Auditor']);
  });

  it('makes someone with no role, or only roles and groups nobody mapped, an Agent', () => {
    const agent = new Set(DEFAULT_ROLE_PERMISSIONS.get('Agent'));
    expect(resolve({ roles: [] })).toEqual(agent);
    expect(resolve({ roles: ['Owner', 'constructor'], groups: ['unmapped-group'] })).toEqual(agent);
  });

  it('gives a role that grants nothing nothing, not Agent', () => {
    expect(resolve({ roles: ['Nothing'] })).toEqual(new Set());
  });

  it('does not take a group id for an app role, or the other way round', () => {
    expect(resolve({ roles: [SALES_GROUP] })).toEqual(new Set(DEFAULT_ROLE_PERMISSIONS.get('Agent')));
    expect(resolve({ roles: [], groups: ['CustomerCard.Lead', 'Admin'] })).toEqual(new Set(DEFAULT_ROLE_PERMISSIONS.get('Agent')));
  });

  it('ignores a mapping to a role that is not in the catalogue', () => {
    const stale: RoleMapping[] = [{ source: 'group', value: SALES_GROUP, role: 'Gone' }];
    expect(rolesOf({ roles: [], groups: [SALES_GROUP] }, stale, new Set(CATALOGUE.keys()))).toEqual([]);
  });
});

describe('role rules', () => {
  it('keeps settings:manage with Admin, and only with Admin', () => {
    expect(() => checkRolePermissions('Admin', ['contacts:view'])).toThrow(expect.objectContaining({ code: 'invalid', message: expect.stringMatching(/settings:manage/) }));
    expect(() => checkRolePermissions('Admin', ['settings:manage'])).not.toThrow();
    expect(() => checkRolePermissions('Supervisor', [])).not.toThrow();
  });

  it('refuses deleting a built-in role', () => {
    expect(() => checkDeletable({ name: 'Agent', builtIn: true })).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => checkDeletable({ name: 'Auditor', builtIn: false })).not.toThrow();
  });

  it.each(['Agent', 'Team lead', 'tier_2-support', 'Överblick', '監督者', 'x'.repeat(64)])('accepts the role name %s', (name) => {
    expect(ROLE_NAME.test(name)).toBe(true);
  });

  it.each(['', 'x'.repeat(65), 'a/b', 'Admin!', 'role.name'])('refuses the role name %j', (name) => {
    expect(ROLE_NAME.test(name)).toBe(false);
  });
});
