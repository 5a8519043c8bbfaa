import { Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { CustomerCardData } from '../api/types';
import { useApp } from '../AppContext';
import { formatDateTime } from '../i18n/format';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: { display: 'flex', flexDirection: 'column', padding: `${tokens.spacingVerticalXS} 0` },
  when: { color: tokens.colorNeutralForeground3 },
});

/** The web pages the contact visited, oldest first. */
export function Journey({ visits }: { visits: CustomerCardData['visits'] }) {
  const { locale } = useApp();
  const styles = useStyles();
  return (
    <ol className={styles.list}>
      {visits.map((v) => (
        <li key={`${v.visitedAt}-${v.url}`} className={styles.item}>
          <Link href={v.url} target="_blank" rel="noreferrer">{v.title ?? v.url}</Link>
          <Text size={200} className={styles.when}>{formatDateTime(v.visitedAt, locale)}</Text>
        </li>
      ))}
    </ol>
  );
}
