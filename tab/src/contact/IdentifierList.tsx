import { Button, Field, Input, makeStyles, Text, tokens, Tooltip } from '@fluentui/react-components';
import { AddRegular, DismissRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  add: { alignSelf: 'flex-start' },
});

export interface IdentifierListProps {
  kind: 'phone' | 'email';
  heading: string;
  /** The label of each line. */
  label: string;
  addLabel: string;
  values: string[];
  onChange(values: string[]): void;
  /** The message for a line the server refused. */
  faultAt(line: number): string | undefined;
}

/** A card's phone numbers or e-mail addresses, one per line, each removable, more addable. */
export function IdentifierList({ kind, heading, label, addLabel, values, onChange, faultAt }: IdentifierListProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const headingId = `edit-contact-${kind}s`;
  const set = (line: number, value: string) => onChange(values.map((v, i) => (i === line ? value : v)));
  return (
    <div className={styles.group} role="group" aria-labelledby={headingId}>
      <Text id={headingId} weight="semibold">{heading}</Text>
      {values.map((value, line) => (
        // Lines are edited in place and never reordered, so their position is their identity.
        <Field key={line} label={values.length > 1 ? `${label} ${line + 1}` : label} validationMessage={faultAt(line)}>
          <Input
            type={kind === 'phone' ? 'tel' : 'email'}
            value={value}
            onChange={(_e, d) => set(line, d.value)}
            contentAfter={
              <Tooltip content={t('editContact.remove', { what: label, value: value || line + 1 })} relationship="label">
                <Button appearance="transparent" size="small" icon={<DismissRegular />} onClick={() => onChange(values.filter((_, i) => i !== line))} />
              </Tooltip>
            }
          />
        </Field>
      ))}
      <Button className={styles.add} appearance="subtle" icon={<AddRegular />} onClick={() => onChange([...values, ''])}>{addLabel}</Button>
    </div>
  );
}
