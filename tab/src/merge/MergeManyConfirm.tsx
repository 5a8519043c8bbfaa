import {
  Button,
  DialogActions,
  DialogContent,
  Field,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  Toast,
  ToastTitle,
  useToastController,
} from '@fluentui/react-components';
import { MergeRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardFieldData, CustomerCardData, ManyMergePreviewData } from '../api/types';
import { useApp } from '../AppContext';
import { TOASTER_ID } from '../toaster';
import { useAsync } from '../views/useAsync';
import { useFieldName } from './fieldName';
import { IdentifiersAfter, MergeFailure, SettledValues, SurvivorOption, useMergeStyles } from './merge-parts';
import type { MergeCard } from './MergeDialog';

export interface MergeManyConfirmProps {
  /** The open card, then the cards picked to merge with it. */
  cards: MergeCard[];
  fields: CardFieldData[];
  onBack(): void;
  onDone(survivor: CustomerCardData): void;
  onOpenCard?(contactId: string): void;
}

/**
 * Several cards merged at once (MERGE-7): which card stays, and for each value the cards disagree
 * on, whose value to keep — one preview, one merge, one undo.
 */
export function MergeManyConfirm({ cards, fields, onBack, onDone, onOpenCard }: MergeManyConfirmProps) {
  const { t } = useTranslation();
  const { api, locale } = useApp();
  const styles = useMergeStyles();
  const { dispatchToast } = useToastController(TOASTER_ID);
  const [survivorId, setSurvivorId] = useState(cards[0]!.id);
  const others = cards.filter((c) => c.id !== survivorId).map((c) => c.id);
  /** Per value, the card whose value stays; the rule's choice where the agent made none. */
  const [keep, setKeep] = useState<Record<string, string>>({});
  // Previewed by the rule alone; the agent's choices only select among the values it lists.
  const preview = useAsync(() => api.previewMergeMany(survivorId, others), [api, survivorId, others.join()]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const nameOf = (id: string) => cards.find((c) => c.id === id)?.name ?? t('contact.unnamed');
  const survivorName = nameOf(survivorId);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.mergeMany(survivorId, others, keep);
      dispatchToast(
        <Toast>
          <ToastTitle>{t('merge.doneMany', { merged: new Intl.ListFormat(locale, { type: 'conjunction' }).format(others.map(nameOf)), survivor: survivorName })}</ToastTitle>
        </Toast>,
        { intent: 'success', timeout: 6000, politeness: 'polite' },
      );
      onDone(result.card);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const failure = error ?? preview.error;

  return (
    <>
      <DialogContent className={styles.section}>
        <Field label={t('merge.survivorLabel')} hint={t('merge.survivorHintMany')}>
          <RadioGroup value={survivorId} onChange={(_e, data) => setSurvivorId(data.value)} disabled={busy}>
            {cards.map((c) => <SurvivorOption key={c.id} card={c} />)}
          </RadioGroup>
        </Field>
        <Text>{t('merge.confirmIntroMany', { count: others.length, survivor: survivorName })}</Text>
        <MergeFailure failure={failure} onOpenCard={onOpenCard} />
        {!preview.data && preview.error === null && <Spinner size="small" label={t('loading')} />}
        {preview.data && (
          <Values preview={preview.data} fields={fields} nameOf={nameOf} keep={keep} onChoose={(field, id) => setKeep({ ...keep, [field]: id })} disabled={busy} />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onBack} disabled={busy}>{t('merge.back')}</Button>
        <Button appearance="primary" icon={<MergeRegular />} onClick={() => void confirm()} disabled={busy || !preview.data}>
          {t('merge.confirmMany', { count: cards.length })}
        </Button>
      </DialogActions>
    </>
  );
}

interface ValuesProps {
  preview: ManyMergePreviewData;
  fields: CardFieldData[];
  nameOf(contactId: string): string;
  keep: Record<string, string>;
  onChoose(field: string, contactId: string): void;
  disabled: boolean;
}

/** Each value the cards disagree on as a choice among the cards holding one; the others, as they will be. */
function Values({ preview, fields, nameOf, keep, onChoose, disabled }: ValuesProps) {
  const { t } = useTranslation();
  const styles = useMergeStyles();
  const label = useFieldName(fields);
  const disagree = (v: ManyMergePreviewData['values'][number]) => new Set(v.values.map((x) => x.value)).size > 1;
  const conflicts = preview.values.filter(disagree);
  const settled = preview.values.filter((v) => !disagree(v));
  const interactions = preview.cards.reduce((sum, c) => sum + c.interactions, 0);
  return (
    <>
      <Text className={styles.muted}>{t('merge.rule')}</Text>
      {conflicts.map((v) => (
        <Field key={v.field} label={label(v.field)}>
          <RadioGroup value={keep[v.field] ?? v.keptFrom} onChange={(_e, data) => onChoose(v.field, data.value)} disabled={disabled}>
            {v.values.map((x) => (
              <Radio key={x.contactId} value={x.contactId} label={<span className={styles.value}>{t('merge.valueFrom', { value: x.value, name: nameOf(x.contactId) })}</span>} />
            ))}
          </RadioGroup>
        </Field>
      ))}
      <SettledValues values={settled.map((v) => ({ field: v.field, value: v.values[0]!.value }))} label={label} />
      <IdentifiersAfter identifiers={preview.identifiers} />
      <Text>{t('merge.interactionsMany', { count: interactions })}</Text>
    </>
  );
}
