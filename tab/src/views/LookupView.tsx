import { Spinner } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../AppContext';
import { MatchList } from '../lookup/MatchList';
import { NoMatch } from '../lookup/NoMatch';
import { BackBar } from './BackBar';
import { ContactView } from './ContactView';
import { ErrorMessage } from './ErrorMessage';
import { useAsync } from './useAsync';

export type LookupBy = { phone: string } | { email: string };

/** Lookup by phone or e-mail (LOOK-1 … LOOK-3): one card, a list to pick from, or none. */
export function LookupView({ by, name }: { by: LookupBy; name?: string }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const result = useAsync(() => api.lookup(by), [api, JSON.stringify(by)]);
  const [picked, setPicked] = useState<string | null>(null);
  if (result.error) return <ErrorMessage error={result.error} />;
  if (!result.data) return <Spinner label={t('loading')} />;
  const { matches, identifier, history } = result.data;

  if (picked) {
    return (
      <>
        {matches.length > 1 && <BackBar label={t('lookup.back')} onBack={() => setPicked(null)} />}
        <ContactView contactId={picked} />
      </>
    );
  }
  if (matches.length === 1) return <ContactView contactId={matches[0]!.id} />;
  if (matches.length > 1) {
    return <MatchList heading={t('lookup.several', { count: matches.length })} matches={matches} onPick={setPicked} />;
  }
  return <NoMatch identifier={identifier} history={history} provided={{ name, ...by }} onCreated={setPicked} />;
}
