import { Dropdown, Field, Input, Option } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { CardFieldData } from '../api/types';
import { fieldLabel } from '../i18n/format';

export interface CustomFieldInputProps {
  field: CardFieldData;
  label: string;
  value: string;
  onChange(value: string): void;
  validationMessage?: string;
}

/** The input for a custom field's type: a dropdown of its options (clearable), or a text or e-mail box. */
export function CustomFieldInput({ field, label, value, onChange, validationMessage }: CustomFieldInputProps) {
  return (
    <Field label={label} validationMessage={validationMessage}>
      {field.type === 'dropdown' ? (
        <Dropdown clearable value={value} selectedOptions={value ? [value] : []} onOptionSelect={(_e, d) => onChange(d.optionValue ?? '')}>
          {/* A value stored before its option was removed still shows, so saving keeps it. */}
          {(value && !field.options.includes(value) ? [value, ...field.options] : field.options).map((option) => (
            <Option key={option} value={option}>{option}</Option>
          ))}
        </Dropdown>
      ) : (
        <Input type={field.type === 'email' ? 'email' : 'text'} value={value} onChange={(_e, d) => onChange(d.value)} />
      )}
    </Field>
  );
}

export interface CustomFieldInputsProps {
  fields: CardFieldData[];
  /** Values by ident; a field without one shows empty. */
  values: Record<string, string>;
  onChange(values: Record<string, string>): void;
  /** Whether the server refused the value at this input (`fields.<ident>`). */
  refused(field: string): boolean;
}

/** The custom fields an agent fills in, labelled in the user's language; a refused value says what it must be. */
export function CustomFieldInputs({ fields, values, onChange, refused }: CustomFieldInputsProps) {
  const { t, i18n } = useTranslation();
  return fields.map((field) => (
    <CustomFieldInput
      key={field.ident}
      field={field}
      label={fieldLabel(field.labels, i18n.language)}
      value={values[field.ident] ?? ''}
      onChange={(value) => onChange({ ...values, [field.ident]: value })}
      validationMessage={refused(`fields.${field.ident}`) ? t(`customFields.invalid.${field.type}`, { options: field.options.join(', ') }) : undefined}
    />
  ));
}
