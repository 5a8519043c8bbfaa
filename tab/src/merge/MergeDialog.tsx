import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  SearchBox,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Toast,
  ToastTitle,
  tokens,
  useToastController,
} from '@fluentui/react-components';
import { MergeRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardFieldData, ContactSummaryData, DuplicateData, MergePreviewData } from '../api/types';
import { useFieldName } from './fieldName';
import { useApp } from '../AppContext';
import { displayIdentifier } from '../i18n/format';
import { TOASTER_ID } from '../toaster';
import { ErrorMessage } from '../views/ErrorMessage';
import { useAsync } from '../views/useAsync';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  option: { width: '100%', justifyContent: 'flex-start', textAlign: 'start', height: 'auto', padding: tokens.spacingVerticalS },
  optionBody: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  reasons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  muted: { color: tokens.colorNeutralForeground3 },
  search: { display: 'flex', gap: tokens.spacingHorizontalS, margin: `${tokens.spacingVerticalM} 0 ${tokens.spacingVerticalS}` },
  grow: { flexGrow: 1, maxWidth: '100%' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

export interface MergeDialogProps {
  survivor: { id: string; name: string };
  /** The open card's custom fields: decisions about them show their labels. */
  fields: CardFieldData[];
  onClose(): void;
  /** After a merge: the card to show now. */
  onMerged(): void;
}

/** Merge another card into the open one (MERGE-1 … MERGE-3): pick, see what will happen, confirm. */
export function MergeDialog({ survivor, fields, onClose, onMerged }: MergeDialogProps) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<{ id: string; name: string } | null>(null);
  const close = () => {
    setPicked(null);
    onClose();
  };
  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && close()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>{t('merge.title', { name: survivor.name })}</DialogTitle>
          {picked ? (
            <Confirm survivor={survivor} fields={fields} merged={picked} onBack={() => setPicked(null)} onDone={() => { close(); onMerged(); }} />
          ) : (
            <Pick survivorId={survivor.id} onPick={setPicked} onCancel={close} />
          )}
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function Pick({ survivorId, onPick, onCancel }: { survivorId: string; onPick(c: { id: string; name: string }): void; onCancel(): void }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const styles = useStyles();
  const suggestions = useAsync(() => api.duplicates(survivorId), [api, survivorId]);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ContactSummaryData[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (query.trim() === '') return;
    try {
      setResults((await api.search(query)).contacts.filter((c) => c.id !== survivorId));
    } catch (e) {
      setError(e);
    }
  };
  const name = (c: ContactSummaryData) => c.name ?? t('contact.unnamed');
  const option = (c: ContactSummaryData, reasons: DuplicateData['reasons'] = []) => (
    <li key={c.id}>
      <Button className={styles.option} appearance="subtle" onClick={() => onPick({ id: c.id, name: name(c) })}>
        <span className={styles.optionBody}>
          <Text weight="semibold">{name(c)}</Text>
          <Text size={200} className={styles.muted}>
            {c.identifiers.filter((i) => i.kind !== 'cookie').map((i) => displayIdentifier(i.kind, i.value)).join(' · ')}
          </Text>
          {reasons.length > 0 && (
            <span className={styles.reasons}>
              {reasons.map((r) => (
                <Badge key={r.kind === 'name' ? 'name' : `${r.identifier.kind}:${r.identifier.value}`} appearance="tint" color={r.kind === 'name' ? 'informative' : 'brand'}>
                  {r.kind === 'name'
                    ? t('merge.reason.name', { percent: Math.round(r.similarity * 100) })
                    : t(`merge.reason.${r.identifier.kind}`, { value: displayIdentifier(r.identifier.kind, r.identifier.value) })}
                </Badge>
              ))}
            </span>
          )}
        </span>
      </Button>
    </li>
  );

  return (
    <>
      <DialogContent className={styles.section}>
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
      </DialogActions>
    </>
  );
}

function Confirm({ survivor, fields, merged, onBack, onDone }: { survivor: { id: string; name: string }; fields: CardFieldData[]; merged: { id: string; name: string }; onBack(): void; onDone(): void }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const styles = useStyles();
  const { dispatchToast } = useToastController(TOASTER_ID);
  const preview = useAsync(() => api.previewMerge(survivor.id, merged.id), [api, survivor.id, merged.id]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.merge(survivor.id, merged.id);
      dispatchToast(
        <Toast>
          <ToastTitle>{t('merge.done', { merged: merged.name, survivor: survivor.name })}</ToastTitle>
        </Toast>,
        { intent: 'success', timeout: 6000, politeness: 'polite' },
      );
      onDone();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <>
      <DialogContent className={styles.section}>
        <Text>{t('merge.confirmIntro', { merged: merged.name, survivor: survivor.name })}</Text>
        {preview.error !== null && <ErrorMessage error={preview.error} />}
        {!preview.data && preview.error === null && <Spinner size="small" label={t('loading')} />}
        {preview.data && <PreviewTable preview={preview.data} fields={fields} survivor={survivor.name} merged={merged.name} />}
        {error !== null && <ErrorMessage error={error} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onBack} disabled={busy}>{t('merge.back')}</Button>
        <Button appearance="primary" icon={<MergeRegular />} onClick={() => void confirm()} disabled={busy || !preview.data}>{t('merge.confirm')}</Button>
      </DialogActions>
    </>
  );
}

function PreviewTable({ preview, fields, survivor, merged }: { preview: MergePreviewData; fields: CardFieldData[]; survivor: string; merged: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const label = useFieldName(fields);
  const { plan, interactions } = preview;
  return (
    <>
      <Text className={styles.muted}>{t('merge.rule')}</Text>
      {plan.decisions.length > 0 && (
        <Table size="small" aria-label={t('merge.valuesLabel')}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('merge.field')}</TableHeaderCell>
              <TableHeaderCell>{t('merge.kept')}</TableHeaderCell>
              <TableHeaderCell>{t('merge.setAside')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {plan.decisions.map((d) => (
              <TableRow key={d.field}>
                <TableCell>{label(d.field)}</TableCell>
                <TableCell>
                  {d.kept} <Text size={200} className={styles.muted}>({d.from === 'survivor' ? survivor : merged})</Text>
                </TableCell>
                <TableCell>{d.setAside ?? '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Text>
        {t('merge.identifiers')}{' '}
        {plan.identifiers.filter((i) => i.kind !== 'cookie').map((i) => displayIdentifier(i.kind, i.value)).join(' · ')}
      </Text>
      <Text>{t('merge.interactions', { count: interactions.survivor + interactions.merged })}</Text>
    </>
  );
}
