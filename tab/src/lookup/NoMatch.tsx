import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { IdentifierData, InteractionData } from '../api/types';
import { useApp } from '../AppContext';
import { RelatedInteractions } from '../card/RelatedInteractions';
import { displayIdentifier } from '../i18n/format';
import { CreateContactForm, type ProvidedContact } from './CreateContactForm';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingTop: tokens.spacingVerticalM },
});

export interface NoMatchProps {
  identifier: IdentifierData | null;
  history: InteractionData[];
  /** The contact data the platform provided, pre-filled in Create contact. */
  provided: ProvidedContact;
  interactionId?: string;
  onCreated(contactId: string): void;
}

/** No card matches (LOOK-3): the identifier, its history, and Create contact pre-filled. */
export function NoMatch({ identifier, history, provided, interactionId, onCreated }: NoMatchProps) {
  const { t } = useTranslation();
  const { can, enabled } = useApp();
  const styles = useStyles();
  const mayCreate = can('contacts:add') && enabled('contacts.edit');
  return (
    <section className={styles.root} aria-label={t('lookup.noMatch')}>
      <Text as="h1" size={500} weight="semibold">{t('lookup.noMatch')}</Text>
      {identifier && <Text>{t(`lookup.noMatchFor.${identifier.kind}`, { value: displayIdentifier(identifier) })}</Text>}
      <Text as="h2" weight="semibold">{t('lookup.history')}</Text>
      <RelatedInteractions interactions={history} emptyText={t('lookup.historyNone')} />
      {mayCreate && <CreateContactForm provided={provided} interactionId={interactionId} onCreated={onCreated} />}
    </section>
  );
}
