import {
  Button, Link, makeStyles, mergeClasses, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FailedRecordData } from '../../api/types';
import { useApp } from '../../AppContext';
import { formatDateTime } from '../../i18n/format';
import { ErrorMessage } from '../../views/ErrorMessage';
import { useSectionStyles } from '../section-styles';
import { useConfirmation } from '../useConfirmation';
import { useLoaded } from '../useLoaded';

// The table lays its columns out evenly: the short ones get their width, the CRM's words the rest.
const useStyles = makeStyles({
  cell: { verticalAlign: 'top', paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS },
  // The CRM's words, as it gave them.
  words: { overflowWrap: 'anywhere', whiteSpace: 'pre-line' },
  interaction: { display: 'flex', flexDirection: 'column' },
  interactionColumn: { width: '15rem' },
  whenColumn: { width: '9rem' },
  attemptsColumn: { width: '5rem' },
  actionColumn: { width: '7rem' },
});

/**
 * Interaction records the CRM refused or that were given up on (dead letters, CRM-2), newest first:
 * none is lost without an admin seeing it. Resend queues one again with its links and relations as
 * they are now; it leaves the list, and comes back if the CRM refuses it again.
 */
export function FailedRecordsSection() {
  const { t } = useTranslation();
  const { api, locale } = useApp();
  const styles = { ...useSectionStyles(), ...useStyles() };
  const confirm = useConfirmation();
  const failed = useLoaded(() => api.failedRecords().then((r) => r.records));
  const [resending, setResending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const section = useRef<HTMLDivElement>(null);

  if (!failed.data) return failed.loadError ? <ErrorMessage error={failed.loadError} /> : <Spinner label={t('loading')} />;
  const contactOf = (r: FailedRecordData) => r.contactName ?? t('admin.crmRecords.unknownContact');
  const channelOf = (r: FailedRecordData) => (r.channel ? t(`channel.${r.channel}`, { defaultValue: r.channel }) : '');
  // An interaction no longer in the store is named by its id.
  const describe = (r: FailedRecordData) =>
    r.channel && r.startedAt
      ? t('admin.crmRecords.interaction', { contact: contactOf(r), channel: channelOf(r), when: formatDateTime(r.startedAt, locale) })
      : t('admin.crmRecords.interactionId', { id: r.interactionId });

  const resend = async (record: FailedRecordData) => {
    setResending(record.interactionId);
    setError(null);
    try {
      await api.resendFailedRecord(record.interactionId);
      failed.setData((records) => records?.filter((r) => r.interactionId !== record.interactionId) ?? null);
      confirm(t('admin.crmRecords.resent', { interaction: describe(record) }));
      section.current?.focus(); // its button left with the row: keep the keyboard user in the section
    } catch (e) {
      setError(e);
    }
    setResending(null);
  };

  return (
    <div className={styles.root} ref={section} tabIndex={-1}>
      <Text className={styles.intro}>{t('admin.crmRecords.intro')}</Text>
      {error !== null && <ErrorMessage error={error} />}
      {failed.data.length === 0 ? (
        <Text>{t('admin.crmRecords.none')}</Text>
      ) : (
        <Table aria-label={t('admin.crmRecords.tableLabel')} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.interactionColumn}>{t('admin.crmRecords.contact')}</TableHeaderCell>
              <TableHeaderCell className={styles.whenColumn}>{t('admin.crmRecords.failedAt')}</TableHeaderCell>
              <TableHeaderCell>{t('admin.crmRecords.error')}</TableHeaderCell>
              <TableHeaderCell className={styles.attemptsColumn}>{t('admin.crmRecords.attempts')}</TableHeaderCell>
              <TableHeaderCell className={styles.actionColumn}><span className={styles.visuallyHidden}>{t('admin.crmRecords.actions')}</span></TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {failed.data.map((r) => (
              <TableRow key={r.interactionId}>
                <TableCell className={styles.cell}>
                  <span className={styles.interaction}>
                    <Link href={`?${new URLSearchParams({ interactionId: r.interactionId })}`}>{contactOf(r)}</Link>
                    <Text size={200} className={styles.meta}>
                      {r.channel && r.startedAt ? t('admin.crmRecords.started', { channel: channelOf(r), when: formatDateTime(r.startedAt, locale) }) : r.interactionId}
                    </Text>
                  </span>
                </TableCell>
                <TableCell className={styles.cell}>{formatDateTime(r.failedAt, locale)}</TableCell>
                <TableCell className={mergeClasses(styles.cell, styles.words)}>{r.error ?? t('admin.crmRecords.noReason')}</TableCell>
                <TableCell className={styles.cell}>{r.attempts}</TableCell>
                <TableCell className={styles.cell}>
                  <Button
                    size="small"
                    icon={resending === r.interactionId ? <Spinner size="extra-tiny" /> : <ArrowClockwiseRegular />}
                    disabled={resending !== null}
                    aria-label={t('admin.crmRecords.resendLabel', { interaction: describe(r) })}
                    onClick={() => void resend(r)}
                  >
                    {t('admin.crmRecords.resend')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
