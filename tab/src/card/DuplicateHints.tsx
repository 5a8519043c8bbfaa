import {
  Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Toast, ToastTitle, tokens, useRestoreFocusTarget, useToastController,
} from '@fluentui/react-components';
import type { TFunction } from 'i18next';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerCardData } from '../api/types';
import { useApp } from '../AppContext';
import { identifiersLine } from '../merge/identifiersLine';
import type { MergeCard } from '../merge/MergeDialog';
import { TOASTER_ID } from '../toaster';
import { ErrorMessage } from '../views/ErrorMessage';

export type DuplicateHintData = NonNullable<CustomerCardData['duplicateHints']>[number];

const useStyles = makeStyles({
  hints: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, '&:not(:empty)': { marginBottom: tokens.spacingVerticalM } },
  name: { overflowWrap: 'anywhere' },
});

export interface DuplicateHintsProps {
  contactId: string;
  hints: DuplicateHintData[];
  /** Opens the merge dialog at its preview with the hinted card. */
  onReview(other: MergeCard): void;
  /** After a hint was dismissed: the card reads its hints again. */
  onDismissed(): void;
}

/**
 * "Possible duplicate" hints on a new card (MERGE-8): the other card, why, and a way to the merge
 * preview or to say it is not the same customer. Dismissing is remembered for everyone; the hint goes
 * at once, a toast says so, and focus stays in the hints rather than falling to the page.
 */
export function DuplicateHints({ contactId, hints, onReview, onDismissed }: DuplicateHintsProps) {
  const { t } = useTranslation();
  const { api } = useApp();
  const styles = useStyles();
  const { dispatchToast } = useToastController(TOASTER_ID);
  const restoreFocusTarget = useRestoreFocusTarget();
  const region = useRef<HTMLDivElement>(null);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const name = (hint: DuplicateHintData) => hint.contact.name ?? t('contact.unnamed');
  /** The name with the card's identifiers: several cards may bear one name, and the agent must tell them apart. */
  const named = (hint: DuplicateHintData) => (identifiersLine(hint.contact) ? `${name(hint)} (${identifiersLine(hint.contact)})` : name(hint));
  const shown = hints.filter((h) => !dismissed.has(h.contact.id));

  const dismiss = async (hint: DuplicateHintData) => {
    setBusy(hint.contact.id);
    setError(null);
    try {
      await api.dismissDuplicateHint(contactId, hint.contact.id);
      setDismissed(new Set([...dismissed, hint.contact.id]));
      region.current?.focus();
      dispatchToast(<Toast><ToastTitle>{t('duplicateHint.dismissed', { name: name(hint) })}</ToastTitle></Toast>, { intent: 'success', timeout: 6000, politeness: 'polite' });
      onDismissed();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    // Focusable from script only: where focus goes when the dismissed hint's button disappears.
    <div ref={region} tabIndex={-1} className={styles.hints}>
      {error !== null && <ErrorMessage error={error} />}
      {shown.map((hint) => (
        <MessageBar key={hint.contact.id} intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('duplicateHint.title')}</MessageBarTitle>
            <span className={styles.name}>{t('duplicateHint.body', { name: named(hint), reason: reasonText(hint.reason, t) })}</span>
          </MessageBarBody>
          <MessageBarActions>
            <Button
              {...restoreFocusTarget}
              aria-label={t('duplicateHint.reviewLabel', { name: name(hint) })}
              onClick={() => onReview({ id: hint.contact.id, name: name(hint), identifiers: identifiersLine(hint.contact) })}
            >
              {t('duplicateHint.review')}
            </Button>
            <Button aria-label={t('duplicateHint.dismissLabel', { name: name(hint) })} disabledFocusable={busy !== null} onClick={() => void dismiss(hint)}>
              {t('duplicateHint.dismiss')}
            </Button>
          </MessageBarActions>
        </MessageBar>
      ))}
    </div>
  );
}

function reasonText(reason: DuplicateHintData['reason'], t: TFunction): string {
  if (reason.kind === 'similarName') return t('duplicateHint.similarName', { domain: reason.domain });
  if (reason.differing === 'phone') return t('duplicateHint.sameNamePhone');
  if (reason.differing === 'email') return t('duplicateHint.sameNameEmail');
  return t('duplicateHint.sameName');
}
