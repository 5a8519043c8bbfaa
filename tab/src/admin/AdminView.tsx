import { Link, makeStyles, MessageBar, MessageBarBody, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import {
  BuildingRegular, DocumentErrorRegular, GlobeRegular, HistoryRegular, LockClosedRegular, PlugConnectedRegular, ShieldPersonRegular, TextBulletListSquareRegular, ToggleLeftRegular,
} from '@fluentui/react-icons';
import { useState, type ComponentType, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../AppContext';
import { adminSectionsFor, type AdminSectionId } from './admin-sections';
import { AuditSection } from './audit/AuditSection';
import { CrmConnectionSection } from './crm/CrmConnectionSection';
import { FailedRecordsSection } from './crm/FailedRecordsSection';
import { DivisionsSection } from './divisions/DivisionsSection';
import { FeaturesSection } from './features/FeaturesSection';
import { FieldsSection } from './fields/FieldsSection';
import { GeneralSection } from './general/GeneralSection';
import { PrivacySection } from './privacy/PrivacySection';
import { RolesSection } from './roles/RolesSection';

/** What each admin settings section shows (admin-sections.ts orders them and says who may open them). */
const SECTIONS: Array<{ id: AdminSectionId; title: string; icon: JSX.Element; Section: ComponentType }> = [
  { id: 'general', title: 'admin.general.tab', icon: <GlobeRegular />, Section: GeneralSection },
  { id: 'features', title: 'admin.features.tab', icon: <ToggleLeftRegular />, Section: FeaturesSection },
  { id: 'crm', title: 'admin.crm.tab', icon: <PlugConnectedRegular />, Section: CrmConnectionSection },
  { id: 'crm-records', title: 'admin.crmRecords.tab', icon: <DocumentErrorRegular />, Section: FailedRecordsSection },
  { id: 'fields', title: 'admin.fields.tab', icon: <TextBulletListSquareRegular />, Section: FieldsSection },
  { id: 'roles', title: 'admin.roles.tab', icon: <ShieldPersonRegular />, Section: RolesSection },
  { id: 'divisions', title: 'admin.divisions.tab', icon: <BuildingRegular />, Section: DivisionsSection },
  { id: 'audit', title: 'admin.audit.tab', icon: <HistoryRegular />, Section: AuditSection },
  { id: 'privacy', title: 'admin.privacy.tab', icon: <LockClosedRegular />, Section: PrivacySection },
];


const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  header: { display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  tabs: { flexWrap: 'wrap' },
});

/** Keeps the open section in the address, so a reload (or a shared link) opens it again. */
function showInAddress(section: string): void {
  const params = new URLSearchParams(window.location.search);
  params.set('admin', section);
  window.history.replaceState(window.history.state, '', `?${params}`);
}

/**
 * Settings for admins: the sections the user's permissions open (the link here shows only to them, and
 * the API refuses everyone else whatever the URL); a user who may open none is told so.
 */
export function AdminView({ section }: { section: string }) {
  const { t } = useTranslation();
  const { can } = useApp();
  const styles = useStyles();
  const sections = adminSectionsFor(can).map((id) => SECTIONS.find((s) => s.id === id)!);
  const [selected, setSelected] = useState(sections.some((s) => s.id === section) ? section : sections[0]?.id);
  const open = sections.find((s) => s.id === selected);
  const select = (id: string) => {
    setSelected(id);
    showInAddress(id);
  };
  return (
    <section className={styles.root} aria-labelledby="admin-title">
      <div className={styles.header}>
        <Text as="h1" id="admin-title" size={500} weight="semibold">{t('admin.title')}</Text>
        <Link href="?">{t('admin.back')}</Link>
      </div>
      {open ? (
        <>
          <TabList className={styles.tabs} selectedValue={selected} onTabSelect={(_e, d) => select(String(d.value))} aria-label={t('admin.sections')}>
            {sections.map(({ id, title: sectionTitle, icon }) => <Tab key={id} value={id} icon={icon}>{t(sectionTitle)}</Tab>)}
          </TabList>
          <div role="tabpanel" aria-label={t(open.title)}>
            <open.Section />
          </div>
        </>
      ) : (
        <MessageBar intent="warning">
          <MessageBarBody>{t('admin.forbidden')}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
