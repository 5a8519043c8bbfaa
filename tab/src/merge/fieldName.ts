import { useTranslation } from 'react-i18next';
import type { CardFieldData } from '../api/types';
import { fieldLabel } from '../i18n/format';

/**
 * A merge decision's field (`name` or `fields.<ident>`) as users know it: "Name", or the custom
 * field's label in their language; its ident when the card has no such field defined.
 */
export function useFieldName(fields: readonly CardFieldData[]): (field: string) => string {
  const { t, i18n } = useTranslation();
  return (field) => {
    if (field === 'name') return t('contact.name');
    const ident = field.slice('fields.'.length);
    const defined = fields.find((f) => f.ident === ident);
    return defined ? fieldLabel(defined.labels, i18n.language) : ident;
  };
}
