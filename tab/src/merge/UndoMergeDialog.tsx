import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  Toast,
  ToastTitle,
  tokens,
  useToastController,
} from '@fluentui/react-components';
import { ArrowUndoRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { CardFieldData, CustomerCardData, UndoDecisionData, UndoPreviewData } from '../api/types';
import { useApp } from '../AppContext';
import { displayIdentifier, formatDateTime } from '../i18n/format';
import { TOASTER_ID } from '../toaster';
import { ErrorMessage } from '../views/ErrorMessage';
import { useAsync } from '../views/useAsync';
import { useFieldName } from './fieldName';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  // Values are customer data: long ones wrap rather than widen the dialog past a narrow panel.
  decision: { overflowWrap: 'anywhere' },
});

export interface UndoMergeDialogProps {
  /** The card the history was opened on (the API answers with it as it is after the undo). */
  contactId: string;
  mergeId: string;
  mergedName: string;
  fields: CardFieldData[];
  onClose(): void;
  onUndone(card: CustomerCardData): void;
}

/**
 * Undo a merge (MERGE-6): what comes back and what later work stays on the card, said before the
 * agent confirms; a refusal (the card merged into another since, the merge undone meanwhile) in words.
 */
export function UndoMergeDialog({ contactId, mergeId, mergedName, fields, onClose, onUndone }: UndoMergeDialogProps) {
  const { t } = useTranslation();
  const { api } = useApp();
  const styles = useStyles();
  const { dispatchToast } = useToastController(TOASTER_ID);
  const preview = useAsync(() => api.previewUndoMerge(contactId, mergeId), [api, contactId, mergeId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.undoMerge(contactId, mergeId);
      dispatchToast(
        <Toast>
          <ToastTitle>{t('undoMerge.done', { merged: mergedName })}</ToastTitle>
        </Toast>,
        { intent: 'success', timeout: 6000, politeness: 'polite' },
      );
      onClose();
      onUndone(result.card);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const failure = error ?? preview.error;
  const refusedBecauseMerged = failure instanceof ApiError && failure.problem.mergedInto !== undefined;

  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && !busy && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>{t('undoMerge.title', { merged: mergedName })}</DialogTitle>
          <DialogContent className={styles.section}>
            {refusedBecauseMerged ? (
              <MessageBar intent="warning" role="alert">
                <MessageBarBody>{t('undoMerge.survivorMergedSince')}</MessageBarBody>
              </MessageBar>
            ) : (
              failure !== null && <ErrorMessage error={failure} />
            )}
            {!preview.data && preview.error === null && <Spinner size="small" label={t('loading')} />}
            {preview.data && <Decisions preview={preview.data} fields={fields} />}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose} disabled={busy}>{t('merge.cancel')}</Button>
            <Button appearance="primary" icon={<ArrowUndoRegular />} onClick={() => void confirm()} disabled={busy || !preview.data || refusedBecauseMerged}>
              {t('undoMerge.confirm')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** The cards an undo gives back, named as a list ("Ed Ferrars and Lucy Steele"). */
function useMergedNames(preview: UndoPreviewData): string {
  const { t } = useTranslation();
  const { locale } = useApp();
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(preview.merged.map((m) => m.name ?? t('contact.unnamed')));
}

function Decisions({ preview, fields }: { preview: UndoPreviewData; fields: CardFieldData[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const describe = useDescribeDecision(preview, fields);
  const merged = useMergedNames(preview);
  return (
    <>
      <Text>{t('undoMerge.intro', { merged })}</Text>
      {preview.decisions.length > 0 && (
        <>
          <Text weight="semibold" id="undo-decisions">{t('undoMerge.decisionsLabel')}</Text>
          <ul className={styles.list} aria-labelledby="undo-decisions">
            {preview.decisions.map((d, n) => <li key={n} className={styles.decision}><Text>{describe(d)}</Text></li>)}
          </ul>
        </>
      )}
    </>
  );
}

/** One decision of the undo, as a sentence. */
function useDescribeDecision(preview: UndoPreviewData, fields: CardFieldData[]) {
  const { t } = useTranslation();
  const { locale } = useApp();
  const fieldName = useFieldName(fields);
  const names = new Map(preview.merged.map((m) => [m.id, m.name ?? t('contact.unnamed')]));
  const merged = useMergedNames(preview);
  return (d: UndoDecisionData): string => {
    switch (d.kind) {
      case 'restored':
        return d.value === null ? t('undoMerge.cleared', { field: fieldName(d.field) }) : t('undoMerge.restored', { field: fieldName(d.field), value: d.value });
      case 'kept':
        return t('undoMerge.kept', { field: fieldName(d.field), value: d.value ?? '' });
      case 'interactionReturns':
        return t('undoMerge.interactionReturns', { channel: t(`channel.${d.channel}`), when: formatDateTime(d.startedAt, locale), identifier: displayIdentifier(d.identifier), merged: names.get(d.to) ?? merged });
      case 'identifierRestored':
        return t('undoMerge.identifierRestored', { identifier: displayIdentifier(d.identifier), merged: names.get(d.to) ?? merged });
      case 'identifierElsewhere':
        return t('undoMerge.identifierElsewhere', { identifier: displayIdentifier(d.identifier), holder: d.holderName ?? t('contact.unnamed') });
      case 'laterWorkKept': {
        const parts = [
          d.notes > 0 && t('undoMerge.later.notes', { count: d.notes }),
          d.visits > 0 && t('undoMerge.later.visits', { count: d.visits }),
          d.sentMessages > 0 && t('undoMerge.later.sentMessages', { count: d.sentMessages }),
          ...d.identifiers.map(displayIdentifier),
        ].filter((p): p is string => typeof p === 'string');
        return t('undoMerge.laterWorkKept', { items: new Intl.ListFormat(locale, { type: 'conjunction' }).format(parts) });
      }
    }
  };
}
