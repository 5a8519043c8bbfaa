import {
  Badge,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  makeStyles,
  Radio,
  RadioGroup,
  SearchBox,
  Spinner,
  Text,
  Toast,
  ToastTitle,
  tokens,
  useToastController,
} from '@fluentui/react-components';
import { MergeRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardFieldData, ContactSummaryData, CustomerCardData, DuplicateData, MergePreviewData } from '../api/types';
import { useFieldName } from './fieldName';
import { IdentifiersAfter, MergeFailure, SettledValues, SurvivorOption, useMergeStyles } from './merge-parts';
import { MergeManyConfirm } from './MergeManyConfirm';
import { identifiersLine } from './identifiersLine';
import { useApp } from '../AppContext';
import { displayIdentifier } from '../i18n/format';
import { TOASTER_ID } from '../toaster';
import { ErrorMessage } from '../views/ErrorMessage';
import { useAsync } from '../views/useAsync';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalXS },
  option: { width: '100%', justifyContent: 'flex-start', textAlign: 'start', height: 'auto', padding: tokens.spacingVerticalS },
  reasons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  search: { display: 'flex', gap: tokens.spacingHorizontalS, margin: `${tokens.spacingVerticalM} 0 ${tokens.spacingVerticalS}` },
  grow: { flexGrow: 1, maxWidth: '100%' },
});

/** A card as the merge dialog names it: its name and, to tell look-alikes apart, its identifiers. */
export interface MergeCard {
  id: string;
  name: string;
  identifiers: string;
}

export interface MergeDialogProps {
  /** The open card. */
  card: MergeCard;
  /** The open card's custom fields: decisions about them show their labels. */
  fields: CardFieldData[];
  onClose(): void;
  /** After a merge: the card that survived, as it is now. */
  onMerged(card: CustomerCardData): void;
  /** Opens another card (one this card was merged into meanwhile). */
  onOpenCard?(contactId: string): void;
  /** Opens at the preview with this card already picked (a possible-duplicate hint's Review merge). */
  preselected?: MergeCard;
}

/**
 * Merge the open card with another (MERGE-1 … MERGE-3): pick the other card, then choose which card
 * stays and, where the two disagree, which value to keep; see what will happen; confirm.
 */
export function MergeDialog({ card, fields, onClose, onMerged, onOpenCard, preselected }: MergeDialogProps) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<MergeCard | null>(preselected ?? null);
  /** Several cards picked to merge with the open one at once (MERGE-7). */
  const [pickedMany, setPickedMany] = useState<MergeCard[] | null>(null);
  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>{t('merge.title', { name: card.name })}</DialogTitle>
          {pickedMany ? (
            <MergeManyConfirm
              cards={[card, ...pickedMany]}
              fields={fields}
              onBack={() => setPickedMany(null)}
              onDone={(survivor) => { onClose(); onMerged(survivor); }}
              onOpenCard={onOpenCard && ((id) => { onClose(); onOpenCard(id); })}
            />
          ) : picked ? (
            <Confirm
              open={card}
              picked={picked}
              fields={fields}
              onBack={() => setPicked(null)}
              onDone={(survivor) => { onClose(); onMerged(survivor); }}
              onOpenCard={onOpenCard && ((id) => { onClose(); onOpenCard(id); })}
            />
          ) : (
            <Pick openId={card.id} onPick={setPicked} onPickMany={setPickedMany} onCancel={onClose} />
          )}
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** The open card and at most this many others merge at once (MERGE-7). */
const MAX_OTHERS = 9;

interface PickProps {
  openId: string;
  /** One card: the two-card preview. */
  onPick(c: MergeCard): void;
  /** Several cards ticked: one preview for them all. */
  onPickMany(cards: MergeCard[]): void;
  onCancel(): void;
}

function Pick({ openId, onPick, onPickMany, onCancel }: PickProps) {
  const { t } = useTranslation();
  const { api } = useApp();
  const styles = useStyles();
  const shared = useMergeStyles();
  const suggestions = useAsync(() => api.duplicates(openId), [api, openId]);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ContactSummaryData[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [ticked, setTicked] = useState<MergeCard[]>([]);
  const tick = (c: MergeCard, on: boolean) => setTicked(on ? [...ticked.filter((x) => x.id !== c.id), c] : ticked.filter((x) => x.id !== c.id));

  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (query.trim() === '') return;
    try {
      setResults((await api.search(query)).contacts.filter((c) => c.id !== openId));
    } catch (e) {
      setError(e);
    }
  };
  const name = (c: ContactSummaryData) => c.name ?? t('contact.unnamed');
  const option = (c: ContactSummaryData, reasons: DuplicateData['reasons'] = []) => {
    const card = { id: c.id, name: name(c), identifiers: identifiersLine(c) };
    const isTicked = ticked.some((x) => x.id === c.id);
    return (
      <li key={c.id} className={styles.row}>
        <Checkbox
          aria-label={t('merge.select', { name: card.name })}
          checked={isTicked}
          disabled={!isTicked && ticked.length >= MAX_OTHERS}
          onChange={(_e, d) => tick(card, d.checked === true)}
        />
        <Button className={styles.option} appearance="subtle" onClick={() => onPick(card)}>
          <span className={shared.optionBody}>
            <Text weight="semibold">{name(c)}</Text>
            <Text size={200} className={shared.muted}>{identifiersLine(c)}</Text>
            {reasons.length > 0 && (
              <span className={styles.reasons}>
                {reasons.map((r) => (
                  <Badge key={r.kind === 'name' ? 'name' : `${r.identifier.kind}:${r.identifier.value}`} appearance="tint" color={r.kind === 'name' ? 'informative' : 'brand'}>
                    {r.kind === 'name'
                      ? t('merge.reason.name', { percent: Math.round(r.similarity * 100) })
                      : t(`merge.reason.${r.identifier.kind}`, { value: displayIdentifier(r.identifier) })}
                  </Badge>
                ))}
              </span>
            )}
          </span>
        </Button>
      </li>
    );
  };

  return (
    <>
      <DialogContent className={shared.section}>
        <Text as="h3" weight="semibold">{t('merge.suggested')}</Text>
        {suggestions.error !== null && <ErrorMessage error={suggestions.error} />}
        {!suggestions.data && suggestions.error === null && <Spinner size="small" label={t('loading')} />}
        {suggestions.data?.duplicates.length === 0 && <Text>{t('merge.noSuggestions')}</Text>}
        <ul className={styles.list} aria-label={t('merge.suggested')}>
          {suggestions.data?.duplicates.map((d) => option(d.contact, d.reasons))}
        </ul>
        <form role="search" className={styles.search} onSubmit={(e) => void search(e)}>
          <SearchBox className={styles.grow} aria-label={t('merge.searchLabel')} placeholder={t('search.placeholder')} value={query} onChange={(_e, d) => setQuery(d.value)} />
          <Button type="submit">{t('search.submit')}</Button>
        </form>
        {error !== null && <ErrorMessage error={error} />}
        {results?.length === 0 && <Text role="status">{t('search.none', { query })}</Text>}
        {results && results.length > 0 && (
          <ul className={styles.list} aria-label={t('merge.searchResults')}>
            {results.map((c) => option(c))}
          </ul>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{t('merge.cancel')}</Button>
        {ticked.length > 0 && (
          <Button appearance="primary" icon={<MergeRegular />} onClick={() => (ticked.length === 1 ? onPick(ticked[0]!) : onPickMany(ticked))}>
            {t('merge.mergeTicked', { count: ticked.length + 1 })}
          </Button>
        )}
      </DialogActions>
    </>
  );
}

interface ConfirmProps {
  open: MergeCard;
  picked: MergeCard;
  fields: CardFieldData[];
  onBack(): void;
  onDone(survivor: CustomerCardData): void;
  onOpenCard?(contactId: string): void;
}

function Confirm({ open, picked, fields, onBack, onDone, onOpenCard }: ConfirmProps) {
  const { t } = useTranslation();
  const { api } = useApp();
  const shared = useMergeStyles();
  const { dispatchToast } = useToastController(TOASTER_ID);
  const [survivorId, setSurvivorId] = useState(open.id);
  const [survivor, merged] = survivorId === open.id ? [open, picked] : [picked, open];
  // Previewed by the rule alone (the survivor's value wherever the cards disagree); the agent's choices are applied here.
  const preview = useAsync(() => api.previewMerge(survivor.id, merged.id), [api, survivor.id, merged.id]);
  /** Per field the cards disagree on, the card whose value stays (by id, so a choice outlives swapping the survivor). */
  const [keepFrom, setKeepFrom] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const keep = () =>
    Object.fromEntries(
      (preview.data?.plan.decisions ?? []).filter((d) => d.setAside !== undefined).map((d) => [d.field, (keepFrom[d.field] ?? survivor.id) === survivor.id ? 'survivor' : 'merged'] as const),
    );
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.merge(survivor.id, merged.id, keep());
      dispatchToast(
        <Toast>
          <ToastTitle>{t('merge.done', { merged: merged.name, survivor: survivor.name })}</ToastTitle>
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
      <DialogContent className={shared.section}>
        <Field label={t('merge.survivorLabel')} hint={t('merge.survivorHint')}>
          <RadioGroup value={survivorId} onChange={(_e, data) => setSurvivorId(data.value)} disabled={busy}>
            <SurvivorOption card={open} />
            <SurvivorOption card={picked} />
          </RadioGroup>
        </Field>
        <Text>{t('merge.confirmIntro', { merged: merged.name, survivor: survivor.name })}</Text>
        <MergeFailure failure={failure} onOpenCard={onOpenCard} />
        {!preview.data && preview.error === null && <Spinner size="small" label={t('loading')} />}
        {preview.data && (
          <Values preview={preview.data} fields={fields} survivor={survivor} merged={merged} keepFrom={keepFrom} onChoose={(field, id) => setKeepFrom({ ...keepFrom, [field]: id })} disabled={busy} />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onBack} disabled={busy}>{t('merge.back')}</Button>
        <Button appearance="primary" icon={<MergeRegular />} onClick={() => void confirm()} disabled={busy || !preview.data}>{t('merge.confirm')}</Button>
      </DialogActions>
    </>
  );
}

interface ValuesProps {
  preview: MergePreviewData;
  fields: CardFieldData[];
  survivor: MergeCard;
  merged: MergeCard;
  keepFrom: Record<string, string>;
  onChoose(field: string, contactId: string): void;
  disabled: boolean;
}

/** Each value the cards disagree on as a choice between the two; the values only one card holds, as they will be. */
function Values({ preview, fields, survivor, merged, keepFrom, onChoose, disabled }: ValuesProps) {
  const { t } = useTranslation();
  const shared = useMergeStyles();
  const label = useFieldName(fields);
  const { plan, interactions } = preview;
  const conflicts = plan.decisions.filter((d) => d.setAside !== undefined);
  const settled = plan.decisions.filter((d) => d.setAside === undefined);
  return (
    <>
      <Text className={shared.muted}>{t('merge.rule')}</Text>
      {conflicts.map((d) => (
        <Field key={d.field} label={label(d.field)}>
          <RadioGroup value={keepFrom[d.field] ?? survivor.id} onChange={(_e, data) => onChoose(d.field, data.value)} disabled={disabled}>
            <Radio value={survivor.id} label={<span className={shared.value}>{t('merge.valueFrom', { value: d.kept, name: survivor.name })}</span>} />
            <Radio value={merged.id} label={<span className={shared.value}>{t('merge.valueFrom', { value: d.setAside, name: merged.name })}</span>} />
          </RadioGroup>
        </Field>
      ))}
      <SettledValues values={settled.map((d) => ({ field: d.field, value: d.kept }))} label={label} />
      <IdentifiersAfter identifiers={plan.identifiers} />
      <Text>{t('merge.interactions', { count: interactions.survivor + interactions.merged })}</Text>
    </>
  );
}
