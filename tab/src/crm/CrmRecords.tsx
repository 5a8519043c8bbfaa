import { Button, Link, makeStyles, Spinner, Text, tokens, Tooltip } from '@fluentui/react-components';
import { AddRegular, ChevronDownRegular, ChevronRightRegular, LinkFilled, LinkRegular } from '@fluentui/react-icons';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ActiveRecordData, CrmData, CrmLinkData, CrmRecordData, InteractionRecordData } from '../api/types';
import { useApp } from '../AppContext';
import { ErrorMessage } from '../views/ErrorMessage';
import type { CreateRecordDialogProps } from './CreateRecordDialog';
import { InteractionRecord, type LeftOutRecord } from './InteractionRecord';
import { linkPart } from './record-part';
import { LeftOutReason, RecordPartBadge } from './RecordPartBadge';
import { RecordRelations } from './RecordRelations';
import { RelatesTo } from './RelatesTo';
import { useRecheckWhilePending } from './useRecheckWhilePending';

// Opened rarely: loaded then, not with the card.
const CreateRecordDialog = lazy(() => import('./CreateRecordDialog').then((m) => ({ default: m.CreateRecordDialog })));

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  nested: { paddingLeft: tokens.spacingHorizontalXXL },
  // In a narrow panel the badge and actions move under the name rather than squeezing it.
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalXS, minHeight: '32px' },
  name: { flexGrow: 1, minWidth: 0, display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'baseline' },
  muted: { color: tokens.colorNeutralForeground3 },
  // Under the record's name, past the expand button.
  reason: { paddingLeft: tokens.spacingHorizontalXXXL },
});

interface CrmRecordsProps {
  interactionId: string;
  /** Re-read whenever this changes: the interaction's card (the server sends a new one on every change, the CRM record's included). */
  version: unknown;
  prefill?: CreateRecordDialogProps['prefill'];
}

/**
 * The contact's records in the CRM (CRM-1, CRM-3, CRM-7): person-level records first, each with a
 * link icon (the "Linked" icon unlinks) and an arrow that loads its related records; then the
 * interaction's one CRM record (CRM-2).
 */
export function CrmRecords({ interactionId, version, prefill = {} }: CrmRecordsProps) {
  const { t } = useTranslation();
  const { api, can, enabled } = useApp();
  const styles = useStyles();
  const [data, setData] = useState<CrmData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  // Changes come in quick succession (the record queued, then written): only the latest read shows.
  const reads = useRef(0);
  const reload = useCallback(() => {
    const read = ++reads.current;
    api.crm(interactionId).then(
      (loaded) => read === reads.current && setData(loaded),
      (failure: unknown) => read === reads.current && setError(failure),
    );
  }, [api, interactionId]);
  useEffect(reload, [reload, version]);
  useRecheckWhilePending(data?.record, reload);

  if (error !== null) return <ErrorMessage error={error} />;
  if (!data) return <Spinner size="tiny" label={t('loading')} />;
  const linked = new Map(data.links.map((l) => [`${l.type}:${l.id}`, l]));
  // Linked records the identifier search did not find (found by search, or related) show too.
  const records: CrmRecordData[] = [
    ...data.records,
    ...data.links.filter((l) => !data.records.some((r) => r.type === l.type && r.id === l.id)).map(linkAsRecord),
  ];
  const opened = (record: CrmRecordData) => {
    void api.opened(interactionId, record).then(reload, () => undefined);
  };
  const showsRelatesTo = can('interactions:link') && enabled('crm.relatesTo') && (data.active.length > 0 || data.relatedTo.length > 0);
  const toggle = async (record: CrmRecordData) => {
    try {
      const next = linked.has(`${record.type}:${record.id}`) ? await api.unlink(interactionId, record) : await api.link(interactionId, record);
      setData({ ...data, links: next.links });
      reload(); // what the CRM will hold changes with the links
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      {records.length === 0 && <Text block>{t('crm.none')}</Text>}
      <ul className={styles.list} aria-label={t('crm.records')}>
        {records.map((r) => (
          <RecordRow
            key={`${r.type}:${r.id}`}
            record={r}
            link={linked.get(`${r.type}:${r.id}`)}
            linked={linked}
            onToggle={toggle}
            onOpen={opened}
            interactionRecord={data.record}
            recordRelations={data.crm === 'servicenow' && can('interactions:link') && enabled('crm.relatesTo') ? data.active : null}
          />
        ))}
      </ul>
      {showsRelatesTo && (
        <RelatesTo
          interactionId={interactionId}
          data={data}
          onChange={(relatedTo) => {
            setData({ ...data, relatedTo });
            reload(); // what the CRM will hold changes with the relations
          }}
        />
      )}
      <InteractionRecord
        interactionId={interactionId}
        record={data.record}
        leftOut={leftOutElsewhere(data, showsRelatesTo, t)}
        onResent={(record) => {
          setData({ ...data, record });
          reload(); // the links' parts too
        }}
      />
      {can('interactions:link') && enabled('crm.create') && (
        <Button appearance="subtle" icon={<AddRegular />} onClick={() => setCreating(true)}>{t('crm.create.open')}</Button>
      )}
      {creating && (
        <Suspense>
          <CreateRecordDialog
            interactionId={interactionId}
            prefill={{ ...prefill, contactId: data.links.find((l) => l.type === 'contact')?.id ?? prefill.contactId }}
            onClose={() => setCreating(false)}
            onCreated={(links) => {
              setData({ ...data, links });
              reload();
            }}
          />
        </Suspense>
      )}
    </>
  );
}

interface RecordRowProps {
  record: CrmRecordData;
  /** The interaction's one CRM record: what a linked record's badge says. */
  interactionRecord: InteractionRecordData;
  /** ServiceNow relates records to records (CRM-5): offered beside each expanded record. */
  recordRelations: ActiveRecordData[] | null;
  link?: CrmLinkData;
  linked: Map<string, CrmLinkData>;
  onToggle(r: CrmRecordData): void;
  /** The agent opened the record in the CRM: it becomes a relates-to candidate. */
  onOpen(r: CrmRecordData): void;
}

function RecordRow({ record, interactionRecord, link, linked, onToggle, onOpen, recordRelations }: RecordRowProps) {
  const { t } = useTranslation();
  const { api, can, enabled } = useApp();
  const styles = useStyles();
  const [related, setRelated] = useState<CrmRecordData[] | null>(null);
  const [open, setOpen] = useState(false);
  const name = record.name ?? t('crm.unnamed', { type: t(`crm.type.${record.type}`, { defaultValue: record.type }) });
  const part = link && linkPart(link, interactionRecord);
  const expand = async () => {
    setOpen(!open);
    if (!related) setRelated((await api.related(record)).records);
  };
  return (
    <li>
      <div className={styles.row}>
        <Tooltip content={t(open ? 'crm.collapse' : 'crm.expand', { name })} relationship="label">
          <Button appearance="subtle" size="small" icon={open ? <ChevronDownRegular /> : <ChevronRightRegular />} aria-expanded={open} onClick={() => void expand()} />
        </Tooltip>
        <span className={styles.name}>
          <Link href={record.url} target="_blank" rel="noreferrer" onClick={() => onOpen(record)}>{name}</Link>
          <Text size={200} className={styles.muted}>{t(`crm.type.${record.type}`, { defaultValue: record.type })}</Text>
        </span>
        {part && <RecordPartBadge part={part} />}
        {can('interactions:link') && enabled('crm.link') &&
          (link ? (
            <Button appearance="subtle" size="small" icon={<LinkFilled />} aria-label={t('crm.unlink', { name })} onClick={() => onToggle(record)}>
              {t('crm.linked')}
            </Button>
          ) : (
            <Tooltip content={t('crm.link', { name })} relationship="label">
              <Button appearance="subtle" size="small" icon={<LinkRegular />} onClick={() => onToggle(record)} />
            </Tooltip>
          ))}
      </div>
      {part && <LeftOutReason part={part} className={styles.reason} />}
      {open && (
        <div className={styles.nested}>
          {recordRelations && <RecordRelations record={record} active={recordRelations} />}
          {!related && <Spinner size="tiny" label={t('loading')} />}
          {related?.length === 0 && <Text size={200}>{t('crm.noRelated')}</Text>}
          {related && related.length > 0 && (
            <ul className={styles.list} aria-label={t('crm.relatedOf', { name })}>
              {related.map((r) => (
                <RecordRow
                  key={`${r.type}:${r.id}`}
                  record={r}
                  interactionRecord={interactionRecord}
                  link={linked.get(`${r.type}:${r.id}`)}
                  linked={linked}
                  onToggle={onToggle}
                  onOpen={onOpen}
                  recordRelations={recordRelations}
                />
              ))}
            </ul>
          )}
        </div>
      )}
    </li>
  );
}

const linkAsRecord = (l: CrmLinkData): CrmRecordData => ({ type: l.type, id: l.id, name: l.name, url: l.url, person: false, fields: {} });

/**
 * Records the CRM's rules leave out that the card shows nowhere else: links and the relations in
 * Relates to show theirs beside them; the rest (relations of a viewer who cannot relate) show here.
 */
function leftOutElsewhere(data: CrmData, showsRelatesTo: boolean, t: TFunction): LeftOutRecord[] {
  const key = (r: { type: string; id: string }) => `${r.type}:${r.id}`;
  const shown = new Set([...data.links, ...(showsRelatesTo ? data.relatedTo : [])].map(key));
  const named = new Map([...data.records, ...data.active, ...data.relatedTo, ...data.links].map((r) => [key(r), r.name]));
  const typeName = (type: string) => t(`crm.type.${type}`, { defaultValue: type });
  return (data.record.plan?.dropped ?? [])
    .filter((d) => !shown.has(key(d)))
    .map((d) => ({ key: key(d), label: `${named.get(key(d)) ?? d.id} (${typeName(d.type)})`, reason: d.reason }));
}
