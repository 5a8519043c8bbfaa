import { makeStyles, tokens, Text } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  row: { display: 'grid', gridTemplateColumns: 'minmax(7rem, 35%) 1fr', columnGap: tokens.spacingHorizontalM, alignItems: 'center', minHeight: '32px' },
  label: { color: tokens.colorNeutralForeground3 },
  value: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalXS, minWidth: 0, overflowWrap: 'anywhere' },
});

/** One labelled value; rendered only when it has a value (CARD-2). */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  const styles = useStyles();
  if (children === null || children === undefined || children === '') return null;
  return (
    <div className={styles.row} role="group" aria-label={label}>
      <Text className={styles.label}>{label}</Text>
      <div className={styles.value}>{children}</div>
    </div>
  );
}
