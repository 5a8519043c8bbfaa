import { Dropdown, Field, Input, Option } from '@fluentui/react-components';
import type { CardFieldData } from '../api/types';

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
