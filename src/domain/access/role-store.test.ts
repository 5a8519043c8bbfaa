import { describeEachStore } from '../../../test/support/stores';
import { loadAudit } from '../settings-audit';
import { DEFAULT_ROLE_PERMISSIONS } from './permissions';
import { deleteRole, listRoles, loadPermissions, putMapping, putRole } from './role-store';
import { actingUser } from './users';

const ADMIN = { id: 'admin-oid', name: 'Marianne Dashwood' };

describeEachStore('roles in the store', (store) => {
  it('starts with the built-in roles and their defaults', async () => {
    const roles = await listRoles(store());
    expect(roles.map((r) => [r.name, new Set(r.permissions), r.builtIn])).toEqual(
      [...DEFAULT_ROLE_PERMISSIONS].map(([name, permissions]) => [name, new Set(permissions), true]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  });

  it('resolves app roles, groups and custom roles from what the store says now', async () => {
    const db = store();
    expect(await loadPermissions(db, { roles: [], groups: ['grp-1'] })).toEqual(new Set(DEFAULT_ROLE_PERMISSIONS.get('Agent')));

    await putRole(db, ADMIN, 'Auditor', ['contacts:view']);
    await putMapping(db, ADMIN, { source: 'group', value: 'grp-1', role: 'Auditor' });
    expect(await loadPermissions(db, { roles: [], groups: ['grp-1'] })).toEqual(new Set(['contacts:view']));
    expect(await loadPermissions(db, { roles: ['Auditor'] })).toEqual(new Set(['contacts:view']));

    await putRole(db, ADMIN, 'Agent', ['contacts:view', 'contacts:add']);
    expect(await loadPermissions(db, { roles: [] })).toEqual(new Set(['contacts:view', 'contacts:add']));

    await deleteRole(db, ADMIN, 'Auditor');
    expect(await loadPermissions(db, { roles: [], groups: ['grp-1'] })).toEqual(new Set(['contacts:view', 'contacts:add']));
  });

  it('stores permissions once each, in one order, and audits the change', async () => {
    const db = store();
    const role = await putRole(db, ADMIN, 'Lead', ['journey:view', 'contacts:view', 'journey:view']);
    expect(role).toMatchObject({ name: 'Lead', permissions: ['contacts:view', 'journey:view'], builtIn: false, updatedBy: ADMIN.name });
    expect(await loadAudit(db, 10)).toEqual([
      expect.objectContaining({ actorId: ADMIN.id, actorName: ADMIN.name, setting: 'role:Lead', before: null, after: { permissions: ['contacts:view', 'journey:view'] } }),
    ]);
  });

  it('refuses a name that differs from an existing role only by case', async () => {
    await expect(putRole(store(), ADMIN, 'agent', [])).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/Agent/) });
  });

  it('shows a user without an interaction view permission no division, with one their own, with view-all every one', async () => {
    const db = store();
    await db.query(`INSERT INTO user_divisions (user_id, division) VALUES ('u-1', 'support-emea')`);
    await putRole(db, ADMIN, 'Viewer', ['contacts:view']);
    expect((await actingUser(db, { userId: 'u-1', name: 'U', roles: ['Viewer'] })).divisions).toEqual([]);
    expect((await actingUser(db, { userId: 'u-1', name: 'U', roles: [] })).divisions).toEqual(['support-emea']);
    expect((await actingUser(db, { userId: 'u-1', name: 'U', roles: ['Supervisor'] })).divisions).toBe('*');
  });
});
