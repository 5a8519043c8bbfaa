import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { Permission, RoleData } from '../../api/types';
import { useApp } from '../../AppContext';
import { ErrorMessage } from '../../views/ErrorMessage';
import { PermissionChecklist } from './PermissionChecklist';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export interface AddRoleDialogProps {
  permissions: readonly Permission[];
  /** The roles there are: a new role must not take one's name (the API would change that role instead). */
  existing: readonly RoleData[];
  onClose(): void;
  onCreated(role: RoleData): void;
}

/** A custom role: its name and what it grants. */
export function AddRoleDialog({ permissions, existing, onClose, onCreated }: AddRoleDialogProps) {
  const { t } = useTranslation();
  const { api } = useApp();
  const styles = useStyles();
  const permissionsId = useId();
  const [name, setName] = useState('');
  const [granted, setGranted] = useState<Permission[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [nameMessage, setNameMessage] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const wanted = name.trim();
    const taken = existing.find((r) => r.name.toLowerCase() === wanted.toLowerCase());
    if (taken) return setNameMessage(t('admin.roles.nameTaken', { role: taken.name }));
    setSaving(true);
    setError(null);
    setNameMessage(undefined);
    try {
      const { role } = await api.putRole(wanted, granted);
      onClose();
      onCreated(role);
    } catch (e) {
      const status = e instanceof ApiError ? e.problem.status : 0;
      if (status === 400 || status === 409) setNameMessage(t(status === 409 ? 'admin.roles.nameTaken' : 'admin.roles.nameInvalid', { role: wanted }));
      else setError(e);
      setSaving(false);
    }
  };

  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form noValidate onSubmit={(e) => void create(e)}>
          <DialogBody>
            <DialogTitle>{t('admin.roles.addTitle')}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field label={t('admin.roles.name')} required hint={t('admin.roles.nameHint')} validationMessage={nameMessage}>
                <Input value={name} onChange={(_e, d) => setName(d.value)} />
              </Field>
              <Text id={permissionsId} weight="semibold">{t('admin.roles.permissions')}</Text>
              <PermissionChecklist permissions={permissions} granted={granted} onChange={setGranted} labelledBy={permissionsId} />
              {error !== null && <ErrorMessage error={error} />}
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>{t('admin.cancel')}</Button>
              <Button type="submit" appearance="primary" disabled={saving || name.trim() === ''}>{t('admin.roles.create')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
