import { Button, makeStyles, Text, tokens, Tooltip } from '@fluentui/react-components';
import { ChevronDownRegular, ChevronRightRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InteractionData } from '../api/types';
import { useApp } from '../AppContext';
import { CrmRecords } from '../crm/CrmRecords';
import { formatDateTime } from '../i18n/format';
import { ChannelIcon } from './ChannelIcon';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', padding: `${tokens.spacingVerticalXS} 0` },
  when: { color: tokens.colorNeutralForeground3, marginLeft: 'auto' },
  records: { paddingLeft: tokens.spacingHorizontalXXL, paddingBottom: tokens.spacingVerticalS },
});

export interface RelatedInteractionsProps {
  interactions: InteractionData[];
  emptyText?: string;
  /** Offer each interaction's CRM records, to link them after the fact (CRM-1). */
  withCrm?: boolean;
}

/** The contact's other interactions, newest first. */
export function RelatedInteractions({ interactions, emptyText, withCrm = false }: RelatedInteractionsProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  if (interactions.length === 0) return <Text>{emptyText ?? t('related.none')}</Text>;
  return (
    <ul className={styles.list}>
      {interactions.map((i) => <RelatedInteraction key={i.id} interaction={i} withCrm={withCrm} />)}
    </ul>
  );
}

function RelatedInteraction({ interaction: i, withCrm }: { interaction: InteractionData; withCrm: boolean }) {
  const { t } = useTranslation();
  const { locale } = useApp();
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const label = `${t(`channel.${i.channel}`)} ${formatDateTime(i.startedAt, locale)}`;
  return (
    <li>
      <div className={styles.item}>
        {withCrm && (
          <Tooltip content={t(open ? 'related.hideCrm' : 'related.showCrm', { interaction: label })} relationship="label">
            <Button appearance="subtle" size="small" aria-expanded={open} icon={open ? <ChevronDownRegular /> : <ChevronRightRegular />} onClick={() => setOpen(!open)} />
          </Tooltip>
        )}
        <ChannelIcon channel={i.channel} />
        <Text>{t(`channel.${i.channel}`)}</Text>
        <Text size={200}>{t(`state.${i.state}`)}</Text>
        <Text size={200} className={styles.when}>{formatDateTime(i.startedAt, locale)}</Text>
      </div>
      {open && (
        <div className={styles.records}>
          <CrmRecords interactionId={i.id} version={i.stateChangedAt} />
        </div>
      )}
    </li>
  );
}
