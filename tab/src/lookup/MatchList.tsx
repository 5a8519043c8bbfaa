import { Badge, Button, makeStyles, SearchBox, Text, tokens } from '@fluentui/react-components';
import { ChevronRightRegular } from '@fluentui/react-icons';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactSummaryData } from '../api/types';
import { displayIdentifier } from '../i18n/format';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { width: '100%', justifyContent: 'flex-start', textAlign: 'start', padding: tokens.spacingVerticalS, height: 'auto' },
  body: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  filter: { width: '100%', maxWidth: '100%', margin: `${tokens.spacingVerticalS} 0` },
});

export interface MatchListProps {
  matches: ContactSummaryData[];
  onPick(contactId: string): void;
  /** The contact the interaction is attached to, marked in the list. */
  attachedId?: string | null;
  heading: string;
}

/** Several cards match (LOOK-2): pick one; the filter box narrows the loaded results. */
export function MatchList({ matches, onPick, attachedId, heading }: MatchListProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => matches.filter((m) => matchesFilter(m, filter)), [matches, filter]);
  return (
    <section aria-label={heading}>
      <Text as="h1" size={500} weight="semibold">{heading}</Text>
      <SearchBox
        className={styles.filter}
        placeholder={t('lookup.filter')}
        aria-label={t('lookup.filter')}
        value={filter}
        onChange={(_e, data) => setFilter(data.value)}
      />
      {shown.length === 0 && <Text>{t('lookup.filterNone')}</Text>}
      <ul className={styles.list}>
        {shown.map((m) => (
          <li key={m.id}>
            <Button className={styles.item} appearance="subtle" onClick={() => onPick(m.id)} icon={<ChevronRightRegular />} iconPosition="after">
              <span className={styles.body}>
                <Text weight="semibold">{m.name ?? t('contact.unnamed')}</Text>
                <Text size={200} className={styles.muted}>
                  {m.identifiers.filter((i) => i.kind !== 'cookie').map(displayIdentifier).join(' · ')}
                </Text>
              </span>
              {m.id === attachedId && <Badge appearance="tint">{t('lookup.attached')}</Badge>}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function matchesFilter(m: ContactSummaryData, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  return [m.name ?? '', ...m.identifiers.flatMap((i) => [i.value, i.display])].some((text) => text.toLowerCase().includes(needle));
}
