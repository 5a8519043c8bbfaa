import { Checkbox, makeStyles } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../api/types';

const useStyles = makeStyles({
  group: { display: 'flex', flexDirection: 'column' },
});

/** i18next reads ":" as a namespace separator: "contacts:view" is looked up as contacts.view. */
export const permissionKey = (permission: string) => `admin.roles.permission.${permission.replace(':', '.')}`;

export interface PermissionChecklistProps {
  /** Every permission, in the API's order. */
  permissions: readonly Permission[];
  granted: readonly Permission[];
  onChange(granted: Permission[]): void;
  /** The id of what names the group (the role's name). */
  labelledBy: string;
}

/** A role's permissions as checkboxes, named for what they let users do. */
export function PermissionChecklist({ permissions, granted, onChange, labelledBy }: PermissionChecklistProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <div role="group" aria-labelledby={labelledBy} className={styles.group}>
      {permissions.map((permission) => (
        <Checkbox
          key={permission}
          label={t(permissionKey(permission))}
          checked={granted.includes(permission)}
          onChange={(_e, d) => onChange(d.checked ? permissions.filter((p) => p === permission || granted.includes(p)) : granted.filter((p) => p !== permission))}
        />
      ))}
    </div>
  );
}
