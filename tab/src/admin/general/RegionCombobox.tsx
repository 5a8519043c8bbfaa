import { Combobox, useComboboxFilter } from '@fluentui/react-components';
import { getCountries } from 'libphonenumber-js';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface RegionComboboxProps {
  /** An ISO 3166-1 alpha-2 code, e.g. GB. */
  value: string;
  onChange(region: string): void;
}

/**
 * The regions whose phone numbers libphonenumber-js reads (the server checks against the same list),
 * named in the UI language and filtered as the admin types a name or a code.
 */
export function RegionCombobox({ value, onChange }: RegionComboboxProps) {
  const { t, i18n } = useTranslation();
  const regions = useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language], { type: 'region' });
    return getCountries()
      .map((code) => ({ value: code, children: `${names.of(code) ?? code} (${code})` }))
      .sort((a, b) => a.children.localeCompare(b.children, i18n.language));
  }, [i18n.language]);
  const nameOf = (code: string) => regions.find((r) => r.value === code)?.children ?? code;
  // What the admin is typing; null shows the chosen region, and then the list shows every region.
  const [query, setQuery] = useState<string | null>(null);
  const options = useComboboxFilter(query ?? '', regions, {
    optionToText: (region) => region.children,
    noOptionsMessage: t('admin.general.noRegion'),
  });
  return (
    <Combobox
      value={query ?? nameOf(value)}
      selectedOptions={[value]}
      onChange={(event) => setQuery(event.target.value)}
      onOptionSelect={(_e, data) => {
        if (data.optionValue) onChange(data.optionValue);
        setQuery(null);
      }}
      // Leaving with half a name typed shows the region that is still chosen.
      onOpenChange={(_e, data) => !data.open && setQuery(null)}
    >
      {options}
    </Combobox>
  );
}
