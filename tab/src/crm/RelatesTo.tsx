import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { CrmData } from '../api/types';
import { useApp } from '../AppContext';
import { relationDropped } from './record-part';
import { LeftOutReason, RecordPartBadge } from './RecordPartBadge';
import { RelatedButton, RelateMenu } from './RelationControls';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS, marginTop: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
  relation: { display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalXS },
});

/**
 * Relates-to (CRM-4, CRM-5): the records the activity also relates to. The green icon removes a
 * relation; "Relate to" lists only the records opened or linked during the interaction. A relation
 * the CRM's rules leave out (e.g. a default Related To beside a lead) says so, and why, beside it.
 */
export function RelatesTo({ interactionId, data, onChange }: { interactionId: string; data: CrmData; onChange(relatedTo: CrmData['relatedTo']): void }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const styles = useStyles();
  const slotLabel = (slot: string, type: string) =>
    data.crm === 'servicenow' ? t(`crm.type.${type}`, { defaultValue: type }) : t(`crm.relatesTo.slot.${slot}`);
  const candidates = data.active.filter((a) => !data.relatedTo.some((r) => r.type === a.type && r.id === a.id && !r.byDefault));
  const act = (work: Promise<Pick<CrmData, 'relatedTo'>>) => void work.then((r) => onChange(r.relatedTo), () => undefined);

  return (
    <div className={styles.row} role="group" aria-label={t('crm.relatesTo.title')}>
      <Text weight="semibold">{t('crm.relatesTo.title')}</Text>
      {data.relatedTo.length === 0 && <Text className={styles.muted}>{t('crm.relatesTo.none')}</Text>}
      {data.relatedTo.map((r) => {
        const dropped = relationDropped(data.record, r);
        return (
          <span key={`${r.type}:${r.id}`} className={styles.relation}>
            <Text size={200} className={styles.muted}>{slotLabel(r.slot, r.type)}: </Text>
            {r.byDefault ? (
              <Text>{t('crm.relatesTo.default', { name: r.name ?? r.id })}</Text>
            ) : (
              <RelatedButton
                label={r.name ?? t('crm.unnamed', { type: t(`crm.type.${r.type}`, { defaultValue: r.type }) })}
                onRemove={() => act(api.unrelate(interactionId, r))}
              />
            )}
            {dropped && <RecordPartBadge part={dropped} />}
            {dropped && <LeftOutReason part={dropped} />}
          </span>
        );
      })}
      <RelateMenu candidates={candidates} onPick={(c) => act(api.relate(interactionId, c))} />
    </div>
  );
}
