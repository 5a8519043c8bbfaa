import { Link, makeStyles, Text } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { CustomerCardData } from '../api/types';
import { useApp } from '../AppContext';
import { displayIdentifier, formatDateTime } from '../i18n/format';
import { CallButton } from './CallButton';
import { CopyButton } from './CopyButton';
import { Field } from './Field';

// A phone number is read as one word: in a narrow panel its buttons wrap below it, it does not break.
const useStyles = makeStyles({ number: { whiteSpace: 'nowrap' } });

export function ContactDetails({ contact }: { contact: CustomerCardData['contact'] }) {
  const { t } = useTranslation();
  const { locale } = useApp();
  const styles = useStyles();
  const of = (kind: string) => contact.identifiers.filter((i) => i.kind === kind);
  return (
    <div>
      {of('phone').map((phone) => (
        <Field key={phone.value} label={t('contact.phone')}>
          <Text className={styles.number}>{displayIdentifier(phone)}</Text>
          <CallButton phone={phone} />
          <CopyButton value={phone.value} label={t('contact.phone')} />
        </Field>
      ))}
      {of('email').map(({ value }) => (
        <Field key={value} label={t('contact.email')}>
          <Link href={`mailto:${value}`}>{value}</Link>
          <CopyButton value={value} label={t('contact.email')} />
        </Field>
      ))}
      {of('social').map((social) => (
        <Field key={social.value} label={t('contact.social')}>
          <Text>{displayIdentifier(social)}</Text>
        </Field>
      ))}
      <Field label={t('contact.type')}>{t(`contactType.${contact.type}`)}</Field>
      <Field label={t('contact.expires')}>{contact.expiresAt ? formatDateTime(contact.expiresAt, locale) : ''}</Field>
    </div>
  );
}
