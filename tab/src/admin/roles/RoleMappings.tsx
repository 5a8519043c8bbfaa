import {
  Button, Dropdown, Field, Input, makeStyles, Option, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens, Tooltip,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MappingSource, RoleData, RoleMapping } from '../../api/types';
import { useSectionStyles } from '../section-styles';

const SOURCES: MappingSource[] = ['group', 'appRole'];

const useStyles = makeStyles({
  value: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  // Relative widths, so that a narrow side panel still leaves the id room to wrap in.
  source: { width: '20%' },
  role: { width: '30%' },
  actionCell: { width: '3rem' },
  // Dropdowns are 250px wide by default: here they fit their column.
  dropdown: { minWidth: 0 },
  form: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(12rem, 1fr))', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  add: { justifySelf: 'start' },
});

export interface RoleMappingsProps {
  mappings: readonly RoleMapping[];
  roles: readonly RoleData[];
  onAdd(mapping: RoleMapping): Promise<boolean>;
  onRemove(mapping: RoleMapping): void;
}

/** Which Entra app roles and groups grant which role; one role per app role or group. */
export function RoleMappings({ mappings, roles, onAdd, onRemove }: RoleMappingsProps) {
  const { t } = useTranslation();
  const styles = { ...useSectionStyles(), ...useStyles() };
  const [source, setSource] = useState<MappingSource>('group');
  const [value, setValue] = useState('');
  const [role, setRole] = useState('');
  const sourceName = (s: MappingSource) => t(`admin.roles.sourceName.${s}`);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await onAdd({ source, value: value.trim(), role })) setValue('');
  };

  return (
    <>
      {mappings.length === 0 ? (
        <Text>{t('admin.roles.noMappings')}</Text>
      ) : (
        <Table aria-label={t('admin.roles.mappingsLabel')} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.source}>{t('admin.roles.source')}</TableHeaderCell>
              <TableHeaderCell>{t('admin.roles.valueHeader')}</TableHeaderCell>
              <TableHeaderCell className={styles.role}>{t('admin.roles.role')}</TableHeaderCell>
              <TableHeaderCell className={styles.actionCell}><span className={styles.visuallyHidden}>{t('admin.roles.removeHeader')}</span></TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {mappings.map((mapping) => {
              const remove = t('admin.roles.removeMapping', { source: sourceName(mapping.source), value: mapping.value });
              return (
                <TableRow key={`${mapping.source}:${mapping.value}`}>
                  <TableCell>{sourceName(mapping.source)}</TableCell>
                  <TableCell className={styles.value}>{mapping.value}</TableCell>
                  <TableCell>{mapping.role}</TableCell>
                  <TableCell className={styles.actionCell}>
                    <Tooltip content={remove} relationship="label">
                      <Button appearance="subtle" icon={<DeleteRegular />} onClick={() => onRemove(mapping)} />
                    </Tooltip>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      <form className={styles.form} noValidate onSubmit={(e) => void add(e)} aria-label={t('admin.roles.addMapping')}>
        <Field label={t('admin.roles.source')}>
          <Dropdown className={styles.dropdown} value={sourceName(source)} selectedOptions={[source]} onOptionSelect={(_e, d) => d.optionValue && setSource(d.optionValue as MappingSource)}>
            {SOURCES.map((s) => <Option key={s} value={s}>{sourceName(s)}</Option>)}
          </Dropdown>
        </Field>
        <Field label={t(`admin.roles.value.${source}`)} required>
          <Input value={value} onChange={(_e, d) => setValue(d.value)} />
        </Field>
        <Field label={t('admin.roles.role')} required>
          <Dropdown className={styles.dropdown} value={role} selectedOptions={role ? [role] : []} onOptionSelect={(_e, d) => setRole(d.optionValue ?? '')}>
            {roles.map((r) => <Option key={r.name} value={r.name}>{r.name}</Option>)}
          </Dropdown>
        </Field>
        <Button className={styles.add} type="submit" icon={<AddRegular />} disabled={value.trim() === '' || role === ''}>{t('admin.roles.addMapping')}</Button>
      </form>
    </>
  );
}
