import { MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../AppContext';
import { CustomerCard } from '../card/CustomerCard';
import { ErrorMessage } from './ErrorMessage';
import { useAsync } from './useAsync';

/** A contact's card, opened from a search or a list of matches. */
export function ContactView({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const card = useAsync(() => api.contact(contactId), [api, contactId]);
  const [deleted, setDeleted] = useState(false);
  if (deleted) {
    return (
      <MessageBar intent="success" role="status">
        <MessageBarBody>{t('deleteContact.deleted')}</MessageBarBody>
      </MessageBar>
    );
  }
  if (card.error) return <ErrorMessage error={card.error} />;
  if (!card.data) return <Spinner label={t('loading')} />;
  return <CustomerCard card={card.data} onRefresh={card.reload} refreshing={card.loading} onDeleted={() => setDeleted(true)} />;
}
