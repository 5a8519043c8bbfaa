import { makeStyles, mergeClasses, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../AppContext';
import { formatDateTime } from '../../i18n/format';
import { ErrorMessage } from '../../views/ErrorMessage';
import { useSectionStyles } from '../section-styles';
import { useLoaded } from '../useLoaded';
import { describeSetting, describeValue } from './describe-change';

const useStyles = makeStyles({
  // Values run over several lines: rows grow with them instead of a small table's fixed height.
  cell: { verticalAlign: 'top', paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS },
  when: { whiteSpace: 'nowrap' },
  // A changed setting of several parts lists each on a line of its own.
  value: { overflowWrap: 'anywhere', whiteSpace: 'pre-line' },
});

/** Who changed which setting, when, from what to what: newest first (ADMIN-2). */
export function AuditSection() {
  const { t, i18n } = useTranslation();
  const { api, locale } = useApp();
  const styles = { ...useSectionStyles(), ...useStyles() };
  const entries = useLoaded(() => api.settingsAudit().then((r) => r.entries));

  if (!entries.data) return entries.loadError ? <ErrorMessage error={entries.loadError} /> : <Spinner label={t('loading')} />;
  const ctx = { t, language: i18n.language };
  return (
    <div className={styles.root}>
      <Text className={styles.intro}>{t('admin.audit.intro')}</Text>
      {entries.data.length === 0 ? (
        <Text>{t('admin.audit.none')}</Text>
      ) : (
        <Table aria-label={t('admin.audit.tableLabel')} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('admin.audit.when')}</TableHeaderCell>
              <TableHeaderCell>{t('admin.audit.who')}</TableHeaderCell>
              <TableHeaderCell>{t('admin.audit.what')}</TableHeaderCell>
              <TableHeaderCell>{t('admin.audit.before')}</TableHeaderCell>
              <TableHeaderCell>{t('admin.audit.after')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {entries.data.map((entry) => (
              <TableRow key={entry.id}>
                <TableCell className={mergeClasses(styles.cell, styles.when)}>{formatDateTime(entry.at, locale)}</TableCell>
                <TableCell className={styles.cell}>{entry.actorName}</TableCell>
                <TableCell className={mergeClasses(styles.cell, styles.value)}>{describeSetting(entry.setting, t)}</TableCell>
                <TableCell className={mergeClasses(styles.cell, styles.value)}>{describeValue(entry.before, ctx)}</TableCell>
                <TableCell className={mergeClasses(styles.cell, styles.value)}>{describeValue(entry.after, ctx)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
