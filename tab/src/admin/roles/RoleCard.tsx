import { Badge, Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { DeleteRegular, SaveRegular } from '@fluentui/react-icons';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission, RoleData } from '../../api/types';
import { useSectionStyles } from '../section-styles';
import { PermissionChecklist } from './PermissionChecklist';

const useStyles = makeStyles({
  title: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, margin: 0 },
});

export interface RoleCardProps {
  role: RoleData;
  permissions: readonly Permission[];
  onSave(permissions: Permission[]): void;
  onDelete(): void;
}

/** One role: what it grants, changed and saved together; custom roles can be deleted, built-in ones not. */
export function RoleCard({ role, permissions, onSave, onDelete }: RoleCardProps) {
  const { t } = useTranslation();
  const styles = { ...useSectionStyles(), ...useStyles() };
  const titleId = useId();
  // The list remounts this card with the server's answer after a save, which resets the draft.
  const [granted, setGranted] = useState<Permission[]>(role.permissions);
  const changed = granted.length !== role.permissions.length || granted.some((p) => !role.permissions.includes(p));
  return (
    <li className={styles.panel} aria-labelledby={titleId}>
      <Text as="h3" size={400} weight="semibold" className={styles.title}>
        <span id={titleId}>{role.name}</span>
        {role.builtIn && <Badge appearance="tint" color="informative">{t('admin.roles.builtIn')}</Badge>}
      </Text>
      <PermissionChecklist permissions={permissions} granted={granted} onChange={setGranted} labelledBy={titleId} />
      <div className={styles.actions}>
        <Button appearance="primary" icon={<SaveRegular />} disabledFocusable={!changed} aria-label={t('admin.roles.saveRole', { role: role.name })} onClick={() => onSave(granted)}>
          {t('admin.save')}
        </Button>
        {!role.builtIn && (
          <Button icon={<DeleteRegular />} aria-label={t('admin.roles.delete', { role: role.name })} onClick={onDelete}>{t('admin.roles.deleteShort')}</Button>
        )}
      </div>
    </li>
  );
}
