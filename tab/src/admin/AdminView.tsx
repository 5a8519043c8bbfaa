import { Link, makeStyles, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldsSection } from './fields/FieldsSection';

/** The admin settings sections (ADMIN-2), by the id the URL names (`?admin=fields`); the first is the default. */
const SECTIONS: Array<{ id: string; title: string; Section: ComponentType }> = [
  { id: 'fields', title: 'admin.fields.tab', Section: FieldsSection },
];

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  header: { display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
});

/**
 * Settings for admins. The link to it shows only to users with settings:manage; the API refuses
 * everyone else whatever the URL, and each section says so.
 */
export function AdminView({ section }: { section: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [selected, setSelected] = useState(SECTIONS.some((s) => s.id === section) ? section : SECTIONS[0]!.id);
  const { Section } = SECTIONS.find((s) => s.id === selected)!;
  return (
    <section className={styles.root} aria-labelledby="admin-title">
      <div className={styles.header}>
        <Text as="h1" id="admin-title" size={500} weight="semibold">{t('admin.title')}</Text>
        <Link href="?">{t('admin.back')}</Link>
      </div>
      <TabList selectedValue={selected} onTabSelect={(_e, d) => setSelected(String(d.value))}>
        {SECTIONS.map(({ id, title }) => <Tab key={id} value={id}>{t(title)}</Tab>)}
      </TabList>
      <div role="tabpanel" aria-label={t(SECTIONS.find((s) => s.id === selected)!.title)}>
        <Section />
      </div>
    </section>
  );
}
