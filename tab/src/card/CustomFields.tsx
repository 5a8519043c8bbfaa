import { Link } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { CardFieldData } from '../api/types';
import { fieldLabel } from '../i18n/format';
import { Field } from './Field';

/** The custom fields shown in the side panel: those with a value (CARD-2), the admin's order and labels. */
export const shownInPanel = (fields: CardFieldData[]) => fields.filter((f) => f.visibleInPanel && f.value);

export function CustomFields({ fields }: { fields: CardFieldData[] }) {
  const { i18n } = useTranslation();
  return (
    <div>
      {shownInPanel(fields).map(({ ident, labels, type, value }) => (
        <Field key={ident} label={fieldLabel(labels, i18n.language)}>
          {type === 'email' ? <Link href={`mailto:${value}`}>{value}</Link> : value}
        </Field>
      ))}
    </div>
  );
}
