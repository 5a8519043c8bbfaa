import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission, RoleData, RoleMapping } from '../../api/types';
import { useApp } from '../../AppContext';
import { ErrorMessage } from '../../views/ErrorMessage';
import { ConfirmDialog } from '../ConfirmDialog';
import { useSectionStyles } from '../section-styles';
import { useConfirmation } from '../useConfirmation';
import { useLoaded } from '../useLoaded';
import { AddRoleDialog } from './AddRoleDialog';
import { RoleCard } from './RoleCard';
import { RoleMappings } from './RoleMappings';

const useStyles = makeStyles({
  roles: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(17rem, 1fr))', gap: tokens.spacingHorizontalM },
  heading: { margin: `${tokens.spacingVerticalM} 0 0` },
  add: { alignSelf: 'flex-start' },
});

/**
 * Roles and what they grant (ADMIN-3), and the mapping of Entra app roles and groups to them. Each
 * change applies at once: the API reads roles on every request.
 */
export function RolesSection() {
  const { t } = useTranslation();
  const { api } = useApp();
  const styles = { ...useSectionStyles(), ...useStyles() };
  const confirm = useConfirmation();
  const loaded = useLoaded(async () => {
    const [{ roles, permissions }, { mappings }] = await Promise.all([api.adminRoles(), api.roleMappings()]);
    return { roles, permissions, mappings };
  });
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<RoleData | null>(null);
  const [failure, setFailure] = useState<{ at: 'roles' | 'mappings'; error: unknown } | null>(null);

  if (!loaded.data) return loaded.loadError ? <ErrorMessage error={loaded.loadError} /> : <Spinner label={t('loading')} />;
  const { roles, permissions, mappings } = loaded.data;
  // From the data as it is when the answer comes, not as it was when the change began: two quick changes both stay.
  type Data = NonNullable<typeof loaded.data>;
  const update = (changes: (latest: Data) => Partial<Data>) => loaded.setData((data) => data && { ...data, ...changes(data) });
  /** Runs a change; a refusal shows the API's reason beside where it was made, and nothing changes. */
  const act = async (at: 'roles' | 'mappings', change: () => Promise<void>): Promise<boolean> => {
    setFailure(null);
    try {
      await change();
      return true;
    } catch (error) {
      setFailure({ at, error });
      return false;
    }
  };
  const failureAt = (at: 'roles' | 'mappings') => failure?.at === at && <ErrorMessage error={failure.error} />;

  const saveRole = (name: string, granted: Permission[]) =>
    act('roles', async () => {
      const { role } = await api.putRole(name, granted);
      update((latest) => ({ roles: latest.roles.map((r) => (r.name === name ? role : r)) }));
      confirm(t('admin.roles.saved', { role: name }));
    });
  const deleteRole = (name: string) =>
    act('roles', async () => {
      await api.deleteRole(name);
      // The mappings to the role went with it.
      const { mappings: remaining } = await api.roleMappings();
      update((latest) => ({ roles: latest.roles.filter((r) => r.name !== name), mappings: remaining }));
      confirm(t('admin.roles.deleted', { role: name }));
    });
  const sourceName = (m: RoleMapping) => t(`admin.roles.sourceName.${m.source}`);
  const addMapping = (mapping: RoleMapping) =>
    act('mappings', async () => {
      const { mappings: now } = await api.putRoleMapping(mapping);
      update(() => ({ mappings: now }));
      confirm(t('admin.roles.mapped', { source: sourceName(mapping), value: mapping.value, role: mapping.role }));
    });
  const removeMapping = (mapping: RoleMapping) =>
    act('mappings', async () => {
      await api.deleteRoleMapping(mapping.source, mapping.value);
      update((latest) => ({ mappings: latest.mappings.filter((m) => m.source !== mapping.source || m.value !== mapping.value) }));
      confirm(t('admin.roles.unmapped', { source: sourceName(mapping), value: mapping.value }));
    });

  return (
    <div className={styles.root}>
      <Text className={styles.intro}>{t('admin.roles.intro')}</Text>
      <Text as="h2" size={500} weight="semibold" className={styles.heading}>{t('admin.roles.rolesLabel')}</Text>
      <Button className={styles.add} appearance="primary" icon={<AddRegular />} onClick={() => setAdding(true)}>{t('admin.roles.add')}</Button>
      {failureAt('roles')}
      <ul className={styles.roles} aria-label={t('admin.roles.rolesLabel')}>
        {roles.map((role) => (
          <RoleCard
            key={`${role.name}@${role.updatedAt}`}
            role={role}
            permissions={permissions}
            onSave={(granted) => void saveRole(role.name, granted)}
            onDelete={() => setDeleting(role)}
          />
        ))}
      </ul>
      <Text as="h2" size={500} weight="semibold" className={styles.heading}>{t('admin.roles.mappings')}</Text>
      <Text className={styles.intro}>{t('admin.roles.mappingsIntro')}</Text>
      <RoleMappings mappings={mappings} roles={roles} onAdd={addMapping} onRemove={(m) => void removeMapping(m)} />
      {failureAt('mappings')}
      {adding && (
        <AddRoleDialog
          permissions={permissions}
          existing={roles}
          onClose={() => setAdding(false)}
          onCreated={(role) => {
            update((latest) => ({ roles: [...latest.roles, role] }));
            confirm(t('admin.roles.created', { role: role.name }));
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t('admin.roles.deleteTitle', { role: deleting.name })}
          body={t('admin.roles.deleteBody')}
          confirm={t('admin.roles.deleteShort')}
          onConfirm={() => void deleteRole(deleting.name)}
          onClose={() => setDeleting(null)}
        />
      )}
    </div>
  );
}
