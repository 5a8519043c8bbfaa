import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActiveRecordData, CrmRecordData } from '../api/types';
import { useApp } from '../AppContext';
import { RelatedButton, RelateMenu } from './RelationControls';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS, padding: `${tokens.spacingVerticalXS} 0` },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * CRM-5 (ServiceNow): beside a record, the records written into its reference fields. Relating a
 * record of the same type replaces, another type adds; the green icon removes. A related record
 * without a name shows its fields instead, as a preview.
 */
export function RecordRelations({ record, active }: { record: CrmRecordData; active: ActiveRecordData[] }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const styles = useStyles();
  const [relations, setRelations] = useState<CrmRecordData[] | null>(null);
  useEffect(() => {
    api.recordRelations(record).then((r) => setRelations(r.relations), () => setRelations([]));
  }, [api, record]);
  if (!relations) return null;
  const typeName = (type: string) => t(`crm.type.${type}`, { defaultValue: type });
  const label = (r: CrmRecordData) => r.name ?? `${typeName(r.type)}: ${Object.values(r.fields).join(' · ') || r.id}`;
  const candidates = active.filter((a) => a.type !== record.type && !relations.some((r) => r.id === a.id));
  const update = (work: Promise<{ relations: CrmRecordData[] }>) => void work.then((r) => setRelations(r.relations), () => undefined);

  return (
    <div className={styles.row} role="group" aria-label={t('crm.recordRelations.title', { name: record.name ?? typeName(record.type) })}>
      <Text size={200} className={styles.muted}>{t('crm.recordRelations.label')}</Text>
      {relations.map((r) => (
        <RelatedButton key={`${r.type}:${r.id}`} label={label(r)} onRemove={() => update(api.unrelateRecords(record, r.type))} />
      ))}
      <RelateMenu candidates={candidates} onPick={(c) => update(api.relateRecords(record, c))} />
    </div>
  );
}
