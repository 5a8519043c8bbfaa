import { Tag, TagPicker, TagPickerControl, TagPickerGroup, TagPickerInput, TagPickerList, TagPickerOption } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface DivisionPickerProps {
  /** The divisions interactions came in or users were given: offered as the admin types. */
  inUse: readonly string[];
  selected: string[];
  onChange(selected: string[]): void;
}

/** A user's divisions as tags: picked from those in use, or typed (a division no interaction has yet). */
export function DivisionPicker({ inUse, selected, onChange }: DivisionPickerProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const typed = query.trim();
  const offered = inUse.filter((d) => !selected.includes(d) && d.toLowerCase().includes(typed.toLowerCase()));
  const isNew = typed !== '' && !inUse.includes(typed) && !selected.includes(typed);
  return (
    <TagPicker
      selectedOptions={selected}
      onOptionSelect={(_e, data) => {
        onChange(data.selectedOptions);
        setQuery('');
      }}
    >
      <TagPickerControl>
        <TagPickerGroup aria-label={t('admin.divisions.selected')}>
          {selected.map((division) => <Tag key={division} shape="rounded" value={division}>{division}</Tag>)}
        </TagPickerGroup>
        <TagPickerInput value={query} onChange={(event) => setQuery(event.target.value)} />
      </TagPickerControl>
      <TagPickerList>
        {isNew && <TagPickerOption value={typed} text={typed}>{t('admin.divisions.addDivision', { division: typed })}</TagPickerOption>}
        {offered.map((division) => <TagPickerOption key={division} value={division}>{division}</TagPickerOption>)}
      </TagPickerList>
    </TagPicker>
  );
}
