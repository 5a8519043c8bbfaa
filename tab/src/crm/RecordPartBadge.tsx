import { Badge, type BadgeProps, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { RecordPart } from './record-part';

const COLORS: Record<Exclude<RecordPart['state'], 'waiting'>, BadgeProps['color']> = {
  pending: 'informative',
  written: 'success',
  failed: 'danger',
  dropped: 'warning',
  willDrop: 'warning',
};

const useStyles = makeStyles({
  reason: { color: tokens.colorStatusWarningForeground1, overflowWrap: 'anywhere' },
  // A badge is read as one word: it keeps its text on one line and its size in a narrow panel.
  badge: { whiteSpace: 'nowrap', flexShrink: 0 },
});

/** A linked or related record's part in the interaction's CRM record; nothing while it waits. */
export function RecordPartBadge({ part }: { part: RecordPart }) {
  const { t } = useTranslation();
  const styles = useStyles();
  if (part.state === 'waiting') return null;
  const text = part.state === 'written' && part.as ? t('crm.writeBack.writtenAs', { as: part.as }) : t(`crm.writeBack.${part.state}`);
  return <Badge appearance="tint" color={COLORS[part.state]} className={styles.badge}>{text}</Badge>;
}

/**
 * Why the CRM's rules leave the record out, as text everyone reads (sighted, keyboard and screen
 * reader users alike), not only in a tooltip: the agent acts on it by changing links or relations.
 */
export function LeftOutReason({ part, className }: { part: RecordPart; className?: string }) {
  const styles = useStyles();
  if (part.state !== 'dropped' && part.state !== 'willDrop') return null;
  return <Text size={200} block className={mergeClasses(styles.reason, className)}>{part.reason}</Text>;
}
