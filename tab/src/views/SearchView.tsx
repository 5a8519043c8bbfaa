import { Button, Link, makeStyles, SearchBox, Spinner, Text, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactSummaryData } from '../api/types';
import { adminSectionsFor } from '../admin/admin-sections';
import { useApp } from '../AppContext';
import { contactFromQuery } from '../lookup/contactFromQuery';
import { CreateContactForm } from '../lookup/CreateContactForm';
import { MatchList } from '../lookup/MatchList';
import { BackBar } from './BackBar';
import { ContactView } from './ContactView';
import { ErrorMessage } from './ErrorMessage';

const useStyles = makeStyles({
  header: { display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  form: { display: 'flex', gap: tokens.spacingHorizontalS, margin: `${tokens.spacingVerticalM} 0` },
  box: { flexGrow: 1, maxWidth: '100%' },
  create: { marginTop: tokens.spacingVerticalL },
});

/**
 * With no interaction open, the tab starts on a contact search by name, phone or e-mail. A search
 * that finds no one offers Create contact with what was searched for, where the user may add contacts.
 */
export function SearchView() {
  const { t } = useTranslation();
  const { api, can, enabled } = useApp();
  const [firstAdminSection] = adminSectionsFor(can);
  const styles = useStyles();
  const [query, setQuery] = useState('');
  // What the results are for: the box may have changed since.
  const [searched, setSearched] = useState('');
  const [results, setResults] = useState<ContactSummaryData[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (query.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      setResults((await api.search(query)).contacts);
      setSearched(query.trim());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const mayCreate = can('contacts:add') && enabled('contacts.edit');
  // The new card opens as a picked result does; back on the search, the form is not offered again.
  const openCreated = (contactId: string) => {
    setResults(null);
    setPicked(contactId);
  };
  if (picked) {
    return (
      <>
        <BackBar label={t('search.back')} onBack={() => setPicked(null)} />
        <ContactView contactId={picked} />
      </>
    );
  }
  return (
    <section aria-label={t('search.title')}>
      <div className={styles.header}>
        <Text as="h1" size={500} weight="semibold">{t('search.title')}</Text>
        {firstAdminSection && <Link href={`?admin=${firstAdminSection}`}>{t('admin.open')}</Link>}
      </div>
      <form role="search" className={styles.form} onSubmit={(e) => void search(e)}>
        <SearchBox
          className={styles.box}
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          value={query}
          onChange={(_e, d) => setQuery(d.value)}
        />
        <Button type="submit" appearance="primary" disabled={busy}>{t('search.submit')}</Button>
      </form>
      {busy && <Spinner size="small" label={t('loading')} />}
      {error !== null && <ErrorMessage error={error} />}
      {results && results.length === 0 && <Text role="status">{t('search.none', { query: searched })}</Text>}
      {results && results.length === 0 && mayCreate && (
        <div className={styles.create}>
          <CreateContactForm key={searched} provided={contactFromQuery(searched)} onCreated={openCreated} />
        </div>
      )}
      {results && results.length > 0 && <MatchList heading={t('search.results', { count: results.length })} matches={results} onPick={setPicked} />}
    </section>
  );
}
