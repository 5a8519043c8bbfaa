import {
  Button, makeStyles, MessageBar, MessageBarBody, SearchBox, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactSummaryData } from '../../api/types';
import { useApp } from '../../AppContext';
import { formatDateTime } from '../../i18n/format';
import { ErrorMessage } from '../../views/ErrorMessage';
import { ConfirmDialog } from '../ConfirmDialog';
import { useSectionStyles } from '../section-styles';
import { useConfirmation } from '../useConfirmation';
import { useLoaded } from '../useLoaded';
import { downloadJson } from './download-json';

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, maxWidth: '40rem' },
  box: { flexGrow: 1 },
  results: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, listStyleType: 'none', margin: 0, padding: 0 },
  result: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  who: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  when: { whiteSpace: 'nowrap' },
});

/** Privacy on demand (ADMIN-4): export everything stored about a contact, and erase it. */
export function PrivacySection() {
  const { t } = useTranslation();
  const { can } = useApp();
  if (!can('privacy:manage')) {
    return (
      <MessageBar intent="warning">
        <MessageBarBody>{t('admin.privacy.forbidden')}</MessageBarBody>
      </MessageBar>
    );
  }
  return <PrivacyRequests />;
}

function PrivacyRequests() {
  const { t } = useTranslation();
  const { api, locale } = useApp();
  const styles = { ...useSectionStyles(), ...useStyles() };
  const confirm = useConfirmation();
  const requests = useLoaded(() => api.privacyRequests().then((r) => r.requests));
  const [query, setQuery] = useState('');
  // What the results are for: the box may have changed since.
  const [searched, setSearched] = useState('');
  const [results, setResults] = useState<ContactSummaryData[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [erasing, setErasing] = useState<ContactSummaryData | null>(null);

  const nameOf = (contact: ContactSummaryData) => contact.name ?? t('admin.privacy.noName');
  /** Runs a request, shows its failure, and reloads the audit, which every request adds to. */
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      requests.setData((await api.privacyRequests()).requests);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const search = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim() === '') return;
    void run(async () => {
      setResults((await api.search(query)).contacts);
      setSearched(query.trim());
    });
  };
  const exportContact = (contact: ContactSummaryData) => void run(async () => {
    downloadJson(`contact-${contact.id}.json`, await api.exportContact(contact.id));
    confirm(t('admin.privacy.exported', { name: nameOf(contact) }));
  });
  const erase = (contact: ContactSummaryData) => void run(async () => {
    await api.eraseContact(contact.id);
    setResults((shown) => shown?.filter((c) => c.id !== contact.id) ?? null);
    confirm(t('admin.privacy.erased', { name: nameOf(contact) }));
  });

  return (
    <div className={styles.root}>
      <Text className={styles.intro}>{t('admin.privacy.intro')}</Text>
      <form role="search" className={styles.form} onSubmit={search}>
        <SearchBox className={styles.box} aria-label={t('admin.privacy.search')} placeholder={t('search.placeholder')} value={query} onChange={(_e, d) => setQuery(d.value)} />
        <Button type="submit" appearance="primary" disabled={busy}>{t('search.submit')}</Button>
      </form>
      {busy && <Spinner size="small" label={t('loading')} />}
      {error !== null && <ErrorMessage error={error} />}
      {results && results.length === 0 && <Text role="status">{t('search.none', { query: searched })}</Text>}
      {results && results.length > 0 && (
        <ul className={styles.results} aria-label={t('search.results', { count: results.length })}>
          {results.map((contact) => (
            <li key={contact.id} className={styles.result}>
              <div className={styles.who}>
                <Text weight="semibold">{nameOf(contact)}</Text>
                <Text className={styles.meta}>{contact.identifiers.map((i) => i.display).join(' · ')}</Text>
              </div>
              <div className={styles.actions}>
                <Button icon={<ArrowDownloadRegular />} disabled={busy} onClick={() => exportContact(contact)} aria-label={t('admin.privacy.exportOf', { name: nameOf(contact) })}>
                  {t('admin.privacy.export')}
                </Button>
                <Button icon={<DeleteRegular />} disabled={busy} onClick={() => setErasing(contact)} aria-label={t('admin.privacy.eraseOf', { name: nameOf(contact) })}>
                  {t('admin.privacy.erase')}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Text as="h2" weight="semibold">{t('admin.privacy.requests')}</Text>
      {!requests.data ? (
        requests.loadError ? <ErrorMessage error={requests.loadError} /> : <Spinner size="small" label={t('loading')} />
      ) : requests.data.length === 0 ? (
        <Text>{t('admin.privacy.noRequests')}</Text>
      ) : (
        <Table aria-label={t('admin.privacy.requests')} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('admin.audit.when')}</TableHeaderCell>
              <TableHeaderCell>{t('admin.audit.who')}</TableHeaderCell>
              <TableHeaderCell>{t('admin.privacy.request')}</TableHeaderCell>
              <TableHeaderCell>{t('admin.privacy.card')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {requests.data.map((request) => (
              <TableRow key={request.id}>
                <TableCell className={styles.when}>{formatDateTime(request.at, locale)}</TableCell>
                <TableCell>{request.actorName}</TableCell>
                <TableCell>{t(`admin.privacy.kind.${request.kind}`)}</TableCell>
                <TableCell className={styles.meta}>{request.contactId}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {erasing && (
        <ConfirmDialog
          title={t('admin.privacy.eraseTitle', { name: nameOf(erasing) })}
          body={t('admin.privacy.eraseBody')}
          confirm={t('admin.privacy.erase')}
          onConfirm={() => erase(erasing)}
          onClose={() => setErasing(null)}
        />
      )}
    </div>
  );
}
