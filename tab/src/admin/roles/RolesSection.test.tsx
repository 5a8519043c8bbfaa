import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../api/client';
import type { Permission, RoleData, RoleMapping } from '../../api/types';
import { renderInApp } from '../../test-utils';
import { RolesSection } from './RolesSection';

const PERMISSIONS: Permission[] = [
  'interactions:link', 'interactions:view-division', 'interactions:view-all', 'contacts:view', 'contacts:add', 'contacts:edit', 'contacts:delete',
  'journey:view', 'identity:promote', 'identity:merge', 'contacts:merge', 'settings:manage',
];
const aRole = (name: string, permissions: Permission[], builtIn = false): RoleData => ({
  name, permissions, builtIn, updatedBy: 'migration', updatedAt: '2026-11-01T00:00:00.000Z',
});
const GROUP = '00000000-0000-4000-8000-0000000000aa';

/** An API over roles and mappings that changes as the admin acts. */
function rolesApi(initialRoles: RoleData[], initialMappings: RoleMapping[] = []) {
  let roles = initialRoles;
  let mappings = initialMappings;
  return {
    adminRoles: jest.fn(async () => ({ roles, permissions: PERMISSIONS })),
    roleMappings: jest.fn(async () => ({ mappings })),
    putRole: jest.fn(async (name: string, permissions: Permission[]) => {
      const role = aRole(name, PERMISSIONS.filter((p) => permissions.includes(p)), roles.find((r) => r.name === name)?.builtIn);
      role.updatedAt = new Date().toISOString();
      roles = [...roles.filter((r) => r.name !== name), role];
      return { role };
    }),
    deleteRole: jest.fn(async (name: string) => {
      roles = roles.filter((r) => r.name !== name);
      mappings = mappings.filter((m) => m.role !== name);
    }),
    putRoleMapping: jest.fn(async (mapping: RoleMapping) => {
      mappings = [...mappings.filter((m) => m.source !== mapping.source || m.value !== mapping.value), mapping];
      return { mappings };
    }),
    deleteRoleMapping: jest.fn(async () => undefined),
  };
}

const builtIns = () => [
  aRole('Agent', ['interactions:link', 'interactions:view-division', 'contacts:view'], true),
  aRole('Admin', PERMISSIONS, true),
];
const roleCard = (name: string) => screen.getByRole('listitem', { name });

describe('RolesSection', () => {
  it('shows each role with its permissions as checkboxes; built-in roles are marked and cannot be deleted', async () => {
    await renderInApp(<RolesSection />, { api: rolesApi([...builtIns(), aRole('Auditor', ['contacts:view'])]) });
    const agent = within(await screen.findByRole('listitem', { name: 'Agent' }));
    expect(agent.getByText('Built-in')).toBeInTheDocument();
    expect(agent.getByRole('checkbox', { name: 'See contacts' })).toBeChecked();
    expect(agent.getByRole('checkbox', { name: 'Delete contacts' })).not.toBeChecked();
    expect(agent.getAllByRole('checkbox')).toHaveLength(PERMISSIONS.length);
    expect(agent.queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();
    expect(within(roleCard('Auditor')).queryByText('Built-in')).not.toBeInTheDocument();
    expect(within(roleCard('Auditor')).getByRole('button', { name: 'Delete Auditor' })).toBeInTheDocument();
  });

  it('saves a role\'s permissions together, in the API\'s order', async () => {
    const api = rolesApi(builtIns());
    await renderInApp(<RolesSection />, { api });
    const agent = within(await screen.findByRole('listitem', { name: 'Agent' }));
    const save = agent.getByRole('button', { name: 'Save Agent' });
    expect(save).toHaveAttribute('aria-disabled', 'true'); // nothing changed yet
    await userEvent.click(agent.getByRole('checkbox', { name: 'Delete contacts' }));
    await userEvent.click(agent.getByRole('checkbox', { name: 'Link contacts and CRM records to interactions' }));
    await userEvent.click(save);
    expect(api.putRole).toHaveBeenCalledWith('Agent', ['interactions:view-division', 'contacts:view', 'contacts:delete']);
    await waitFor(() => expect(within(roleCard('Agent')).getByRole('button', { name: 'Save Agent' })).toHaveAttribute('aria-disabled', 'true'));
  });

  it('keeps both of two saves whose answers overlap', async () => {
    const api = rolesApi([...builtIns(), aRole('Auditor', ['contacts:view'])]);
    const slow = api.putRole.getMockImplementation()!;
    let releaseAgent!: () => void;
    api.putRole.mockImplementationOnce(async (name, permissions) => {
      await new Promise<void>((resolve) => (releaseAgent = resolve)); // Agent's answer comes last
      return slow(name, permissions);
    });
    await renderInApp(<RolesSection />, { api });
    const agent = within(await screen.findByRole('listitem', { name: 'Agent' }));
    await userEvent.click(agent.getByRole('checkbox', { name: 'Delete contacts' }));
    await userEvent.click(agent.getByRole('button', { name: 'Save Agent' }));
    const auditor = within(roleCard('Auditor'));
    await userEvent.click(auditor.getByRole('checkbox', { name: 'Delete contacts' }));
    await userEvent.click(auditor.getByRole('button', { name: 'Save Auditor' }));
    await waitFor(() => expect(api.putRole).toHaveBeenCalledTimes(2));
    releaseAgent();
    await waitFor(() => expect(within(roleCard('Agent')).getByRole('button', { name: 'Save Agent' })).toHaveAttribute('aria-disabled', 'true'));
    expect(within(roleCard('Agent')).getByRole('checkbox', { name: 'Delete contacts' })).toBeChecked();
    expect(within(roleCard('Auditor')).getByRole('checkbox', { name: 'Delete contacts' })).toBeChecked();
    expect(within(roleCard('Auditor')).getByRole('button', { name: 'Save Auditor' })).toHaveAttribute('aria-disabled', 'true'); // saved, not reverted
  });

  it('shows why the server refused a role\'s permissions', async () => {
    const api = rolesApi(builtIns());
    api.putRole.mockRejectedValueOnce(new ApiError({ status: 400, detail: 'the Admin role keeps settings:manage, so that someone can always manage the settings' }));
    await renderInApp(<RolesSection />, { api });
    const admin = within(await screen.findByRole('listitem', { name: 'Admin' }));
    await userEvent.click(admin.getByRole('checkbox', { name: 'Manage settings' }));
    await userEvent.click(admin.getByRole('button', { name: 'Save Admin' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('the Admin role keeps settings:manage');
    expect(within(roleCard('Admin')).getByRole('checkbox', { name: 'Manage settings' })).not.toBeChecked(); // the edit stays, to fix
  });

  it('adds a custom role, refusing the name of one there is', async () => {
    const api = rolesApi(builtIns());
    await renderInApp(<RolesSection />, { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Add role' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Add a role' }));
    await userEvent.type(dialog.getByRole('textbox', { name: /^Name/ }), 'agent');
    await userEvent.click(dialog.getByRole('checkbox', { name: 'See contacts' }));
    await userEvent.click(dialog.getByRole('button', { name: 'Add role' }));
    expect(dialog.getByText('There is already a role named Agent.')).toBeInTheDocument();
    expect(api.putRole).not.toHaveBeenCalled();

    await userEvent.clear(dialog.getByRole('textbox', { name: /^Name/ }));
    await userEvent.type(dialog.getByRole('textbox', { name: /^Name/ }), 'Quality reviewer');
    await userEvent.click(dialog.getByRole('button', { name: 'Add role' }));
    expect(api.putRole).toHaveBeenCalledWith('Quality reviewer', ['contacts:view']);
    const reviewer = within(await screen.findByRole('listitem', { name: 'Quality reviewer' }));
    expect(reviewer.getAllByRole('checkbox', { checked: true })).toEqual([reviewer.getByRole('checkbox', { name: 'See contacts' })]);
  });

  it('maps a group to a role, and removes the mapping', async () => {
    const api = rolesApi([...builtIns(), aRole('Quality reviewer', ['contacts:view'])]);
    await renderInApp(<RolesSection />, { api });
    expect(await screen.findByText('No mappings yet.')).toBeInTheDocument();
    const form = within(screen.getByRole('form', { name: 'Add mapping' }));
    expect(form.getByRole('combobox', { name: 'Source' })).toHaveTextContent('Group');
    await userEvent.type(form.getByRole('textbox', { name: /^Group object ID/ }), GROUP);
    await userEvent.click(form.getByRole('combobox', { name: /^Role/ }));
    await userEvent.click(screen.getByRole('option', { name: 'Quality reviewer' }));
    await userEvent.click(form.getByRole('button', { name: 'Add mapping' }));
    expect(api.putRoleMapping).toHaveBeenCalledWith({ source: 'group', value: GROUP, role: 'Quality reviewer' });

    const table = within(await screen.findByRole('table', { name: 'Mappings' }));
    expect(table.getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').slice(0, 3).map((c) => c.textContent))).toEqual([
      ['Group', GROUP, 'Quality reviewer'],
    ]);
    await userEvent.click(table.getByRole('button', { name: `Remove the mapping of Group ${GROUP}` }));
    expect(api.deleteRoleMapping).toHaveBeenCalledWith('group', GROUP);
    expect(await screen.findByText('No mappings yet.')).toBeInTheDocument();
  });

  it('deletes a custom role after asking, and its mappings go with it', async () => {
    const api = rolesApi([...builtIns(), aRole('Auditor', ['contacts:view'])], [{ source: 'appRole', value: 'CustomerCard.Auditor', role: 'Auditor' }]);
    await renderInApp(<RolesSection />, { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Delete Auditor' }));
    const dialog = within(screen.getByRole('alertdialog', { name: 'Delete the role Auditor?' }));
    await userEvent.click(dialog.getByRole('button', { name: 'Delete' }));
    expect(api.deleteRole).toHaveBeenCalledWith('Auditor');
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Auditor' })).not.toBeInTheDocument());
    expect(screen.getByText('No mappings yet.')).toBeInTheDocument();
  });
});
