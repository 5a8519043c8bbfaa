import { Button, Field, Input, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { PersonAddRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserDivisions } from '../../api/types';
import { useApp } from '../../AppContext';
import { ErrorMessage } from '../../views/ErrorMessage';
import { useSectionStyles } from '../section-styles';
import { useConfirmation } from '../useConfirmation';
import { useLoaded } from '../useLoaded';
import { UserDivisionsRow } from './UserDivisionsRow';

const useStyles = makeStyles({
  users: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  add: { maxWidth: '40rem' },
  addRow: { display: 'flex', gap: tokens.spacingHorizontalM },
  userId: { flexGrow: 1 },
});

/**
 * Users and their divisions (ADMIN-2): whose interactions a user with view-division sees. Users are
 * listed once they signed in to the tab or were given divisions; someone who has not signed in yet
 * is added by their Entra object id.
 */
export function DivisionsSection() {
  const { t } = useTranslation();
  const { api } = useApp();
  const styles = { ...useSectionStyles(), ...useStyles() };
  const confirm = useConfirmation();
  const loaded = useLoaded(() => api.adminDivisions());
  const [newUserId, setNewUserId] = useState('');
  const [error, setError] = useState<unknown>(null);

  if (!loaded.data) return loaded.loadError ? <ErrorMessage error={loaded.loadError} /> : <Spinner label={t('loading')} />;
  const { users, divisions: inUse } = loaded.data;

  const addUser = (event: FormEvent) => {
    event.preventDefault();
    const userId = newUserId.trim();
    // Listed until given divisions; the API keeps only users with divisions or a sign-in.
    if (!users.some((u) => u.userId === userId)) loaded.setData((latest) => latest && { ...latest, users: [...latest.users, { userId, name: null, divisions: [] }] });
    setNewUserId('');
  };
  const save = async (user: UserDivisions, divisions: string[]) => {
    setError(null);
    try {
      const saved = await api.setUserDivisions(user.userId, divisions);
      // From the list as it is now: a save answered meanwhile for another user stays.
      loaded.setData((latest) => latest && {
        users: latest.users.map((u) => (u.userId === user.userId ? { ...u, divisions: saved.divisions } : u)),
        divisions: [...new Set([...latest.divisions, ...saved.divisions])].sort(),
      });
      confirm(t('admin.divisions.saved', { user: user.name ?? user.userId }));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className={styles.root}>
      <Text className={styles.intro}>{t('admin.divisions.intro')}</Text>
      {error !== null && <ErrorMessage error={error} />}
      {users.length === 0 ? (
        <Text>{t('admin.divisions.none')}</Text>
      ) : (
        <ul className={styles.users} aria-label={t('admin.divisions.usersLabel')}>
          {users.map((user) => (
            <UserDivisionsRow key={`${user.userId}:${user.divisions.join(',')}`} user={user} inUse={inUse} onSave={(d) => void save(user, d)} />
          ))}
        </ul>
      )}
      <form className={styles.add} noValidate onSubmit={addUser}>
        <Field label={t('admin.divisions.userId')} hint={t('admin.divisions.userIdHint')}>
          {/* The button beside the input, the hint under both. */}
          <div className={styles.addRow}>
            <Input className={styles.userId} value={newUserId} onChange={(_e, d) => setNewUserId(d.value)} />
            <Button type="submit" icon={<PersonAddRegular />} disabled={newUserId.trim() === ''}>{t('admin.divisions.addUser')}</Button>
          </div>
        </Field>
      </form>
    </div>
  );
}
