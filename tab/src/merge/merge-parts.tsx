import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, Radio, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { IdentifierData } from '../api/types';
import { displayIdentifier } from '../i18n/format';
import { ErrorMessage } from '../views/ErrorMessage';

/** The pieces the two-card and the several-card merge previews share (MERGE-2, MERGE-7). */
export const useMergeStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  optionBody: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  // Values are customer data: long ones wrap rather than widen the dialog past a narrow panel.
  value: { overflowWrap: 'anywhere' },
  kept: { margin: 0, display: 'grid', gridTemplateColumns: 'minmax(6rem, max-content) 1fr', columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXXS },
  keptValue: { margin: 0, overflowWrap: 'anywhere' },
  pair: { display: 'contents' },
});

/** A card to choose as the one that stays: its name and, to tell look-alikes apart, its identifiers. */
export function SurvivorOption({ card }: { card: { id: string; name: string; identifiers: string } }) {
  const styles = useMergeStyles();
  return (
    <Radio
      value={card.id}
      label={
        <span className={styles.optionBody}>
          <Text weight="semibold">{card.name}</Text>
          {card.identifiers && <Text size={200} className={styles.muted}>{card.identifiers}</Text>}
        </span>
      }
    />
  );
}

/** Why the preview or the merge failed; a card merged elsewhere meanwhile is named by what to do, with a way to open it. */
export function MergeFailure({ failure, onOpenCard }: { failure: unknown; onOpenCard?: (contactId: string) => void }) {
  const { t } = useTranslation();
  const mergedInto = failure instanceof ApiError ? failure.problem.mergedInto : undefined;
  if (!mergedInto) return failure === null ? null : <ErrorMessage error={failure} />;
  return (
    <MessageBar intent="warning" role="alert">
      <MessageBarBody>{t('merge.mergedMeanwhile')}</MessageBarBody>
      {onOpenCard && (
        <MessageBarActions>
          <Button onClick={() => onOpenCard(mergedInto)}>{t('merge.openMergedInto')}</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

/** The values no one need choose, as they will be after the merge. */
export function SettledValues({ values, label }: { values: Array<{ field: string; value: string }>; label(field: string): string }) {
  const { t } = useTranslation();
  const styles = useMergeStyles();
  if (values.length === 0) return null;
  return (
    <dl className={styles.kept} aria-label={t('merge.valuesLabel')}>
      {values.map((v) => (
        <div key={v.field} className={styles.pair}>
          <dt>{label(v.field)}</dt>
          <dd className={styles.keptValue}>{v.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Every identifier the merged card will hold (web cookies are not for people to read). */
export function IdentifiersAfter({ identifiers }: { identifiers: IdentifierData[] }) {
  const { t } = useTranslation();
  return (
    <Text>
      {t('merge.identifiers')}{' '}
      {identifiers.filter((i) => i.kind !== 'cookie').map((i) => displayIdentifier(i)).join(' · ')}
    </Text>
  );
}
