import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { CardFieldData, MergeRecordData } from '../api/types';
import { useApp } from '../AppContext';
import { formatDateTime } from '../i18n/format';
import { useFieldName } from '../merge/fieldName';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * The audit of the merges that made this card (MERGE-3): which card was merged, by whom and when,
 * which of its values this card took, and which values the merge set aside.
 */
export function MergeHistory({ merges, fields }: { merges: MergeRecordData[]; fields: CardFieldData[] }) {
  const { t } = useTranslation();
  const fieldName = useFieldName(fields);
  const { locale } = useApp();
  const styles = useStyles();
  return (
    <ul className={styles.list}>
      {merges.map((m) => {
        const merged = m.mergedName ?? t('contact.unnamed');
        return (
          <li key={m.id}>
            <Text block>{t('merges.item', { actor: m.actor.name, merged, when: formatDateTime(m.mergedAt, locale) })}</Text>
            {m.decisions.filter((d) => d.from === 'merged' || d.setAside).map((d) => {
              const values = { field: fieldName(d.field), kept: d.kept, setAside: d.setAside, merged };
              const key = d.from === 'merged' ? (d.setAside ? 'merges.keptFromSetAside' : 'merges.keptFrom') : 'merges.setAside';
              return <Text key={d.field} size={200} block className={styles.muted}>{t(key, values)}</Text>;
            })}
          </li>
        );
      })}
    </ul>
  );
}
