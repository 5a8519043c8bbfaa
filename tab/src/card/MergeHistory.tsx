import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { ArrowUndoRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardFieldData, MergeRecordData } from '../api/types';
import { useApp } from '../AppContext';
import { formatDateTime } from '../i18n/format';
import { useFieldName } from '../merge/fieldName';
import { UndoMergeDialog } from '../merge/UndoMergeDialog';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
  undo: { alignSelf: 'flex-start', marginTop: tokens.spacingVerticalXXS },
  item: { display: 'flex', flexDirection: 'column' },
});

export interface MergeHistoryProps {
  /** The card the history is shown on. */
  contactId: string;
  merges: MergeRecordData[];
  fields: CardFieldData[];
  /** After an undo: the card changed (the live card follows too; this serves views that are not live). */
  onChanged(): void;
}

/**
 * The audit of the merges that made this card (MERGE-3): which card was merged, by whom and when,
 * which of its values this card took, and which values the merge set aside; who undid a merge, and
 * an Undo merge for those that can be (MERGE-6).
 */
export function MergeHistory({ contactId, merges, fields, onChanged }: MergeHistoryProps) {
  const { t } = useTranslation();
  const fieldName = useFieldName(fields);
  const { locale, can } = useApp();
  const styles = useStyles();
  /** The merges one Undo merge undoes: one, or every merge of a several-card action (MERGE-7). */
  const [undoing, setUndoing] = useState<MergeRecordData[] | null>(null);
  const mayUndo = can('contacts:unmerge');
  const together = (m: MergeRecordData) => (m.groupId ? merges.filter((x) => x.groupId === m.groupId) : [m]);
  const namesOf = (records: MergeRecordData[]) => new Intl.ListFormat(locale, { type: 'conjunction' }).format(records.map((r) => r.mergedName ?? t('contact.unnamed')));
  return (
    <>
      <ul className={styles.list}>
        {merges.map((m) => {
          const merged = m.mergedName ?? t('contact.unnamed');
          return (
            <li key={m.id} className={styles.item}>
              <Text block>{t('merges.item', { actor: m.actor.name, merged, when: formatDateTime(m.mergedAt, locale) })}</Text>
              {m.decisions.filter((d) => d.from === 'merged' || d.setAside).map((d) => {
                const values = { field: fieldName(d.field), kept: d.kept, setAside: d.setAside, merged };
                const key = d.from === 'merged' ? (d.setAside ? 'merges.keptFromSetAside' : 'merges.keptFrom') : 'merges.setAside';
                return <Text key={d.field} size={200} block className={styles.muted}>{t(key, values)}</Text>;
              })}
              {m.undone && <Text size={200} block weight="semibold">{t('merges.undone', { actor: m.undone.actor.name, when: formatDateTime(m.undone.at, locale) })}</Text>}
              {mayUndo && m.undoable && together(m)[0] === m && (
                <Button className={styles.undo} size="small" icon={<ArrowUndoRegular />} aria-label={t('merges.undoLabel', { merged: namesOf(together(m)) })} onClick={() => setUndoing(together(m))}>
                  {t('merges.undo')}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      {undoing && (
        <UndoMergeDialog
          contactId={contactId}
          mergeId={undoing[0]!.id}
          mergedName={namesOf(undoing)}
          fields={fields}
          onClose={() => setUndoing(null)}
          onUndone={onChanged}
        />
      )}
    </>
  );
}
