import { Button, Field, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { SaveRegular } from '@fluentui/react-icons';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserDivisions } from '../../api/types';
import { useSectionStyles } from '../section-styles';
import { DivisionPicker } from './DivisionPicker';

const useStyles = makeStyles({
  row: { display: 'grid', gridTemplateColumns: 'minmax(12rem, 1fr) minmax(16rem, 2fr) auto', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  who: { display: 'flex', flexDirection: 'column', minWidth: 0, alignSelf: 'center' },
});

export interface UserDivisionsRowProps {
  user: UserDivisions;
  inUse: readonly string[];
  onSave(divisions: string[]): void;
}

/** One user and their divisions, saved together. */
export function UserDivisionsRow({ user, inUse, onSave }: UserDivisionsRowProps) {
  const { t } = useTranslation();
  const styles = { ...useSectionStyles(), ...useStyles() };
  const nameId = useId();
  // The list remounts the row with the server's answer after a save, which resets the draft.
  const [divisions, setDivisions] = useState(user.divisions);
  const changed = divisions.length !== user.divisions.length || divisions.some((d) => !user.divisions.includes(d));
  const who = user.name ?? user.userId;
  return (
    <li className={mergeClasses(styles.panel, styles.row)} aria-labelledby={nameId}>
      <span className={styles.who}>
        <Text id={nameId} weight="semibold">{user.name ?? t('admin.divisions.notSignedIn')}</Text>
        <Text size={200} className={styles.meta}>{user.userId}</Text>
      </span>
      <Field label={t('admin.divisions.divisionsOf', { user: who })}>
        <DivisionPicker inUse={inUse} selected={divisions} onChange={setDivisions} />
      </Field>
      <Button icon={<SaveRegular />} disabledFocusable={!changed} aria-label={t('admin.divisions.saveFor', { user: who })} onClick={() => onSave(divisions)}>
        {t('admin.save')}
      </Button>
    </li>
  );
}
