import {
  Badge, type BadgeProps, Button, Link, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner, Text, tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { InteractionRecordData } from '../api/types';
import { useApp } from '../AppContext';
import { CRM_NAMES } from '../admin/crm/crm-names';
import { formatDateTime } from '../i18n/format';

const STATE_COLORS: Record<InteractionRecordData['state'], BadgeProps['color']> = {
  waiting: 'informative',
  pending: 'informative',
  written: 'success',
  failed: 'danger',
};

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, marginTop: tokens.spacingVerticalS },
  line: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
  leftOut: { color: tokens.colorStatusWarningForeground1, overflowWrap: 'anywhere' },
  // The CRM's words keep their own line breaks.
  words: { display: 'block', whiteSpace: 'pre-line', overflowWrap: 'anywhere' },
  hint: { display: 'block', marginTop: tokens.spacingVerticalS },
});

export interface LeftOutRecord {
  /** type:id */
  key: string;
  label: string;
  reason: string;
}

interface InteractionRecordProps {
  interactionId: string;
  record: InteractionRecordData;
  /** Records the CRM's rules leave out that the card shows nowhere else (links and relations show theirs beside them). */
  leftOut: LeftOutRecord[];
  onResent(record: InteractionRecordData): void;
}

/**
 * The interaction's one record in the CRM (CRM-2), in a line: how it stands, whom it credits, where
 * to open it. When the CRM refused it, the CRM's own words and Resend, after the agent corrected
 * what it refused; the state is a live region, so a screen reader hears it change.
 */
export function InteractionRecord({ interactionId, record, leftOut, onResent }: InteractionRecordProps) {
  const { t } = useTranslation();
  const { api, can, locale } = useApp();
  const styles = useStyles();
  const [resending, setResending] = useState(false);
  const [resendError, setResendError] = useState<unknown>(null);
  const status = useRef<HTMLSpanElement>(null);

  const resend = async () => {
    setResending(true);
    setResendError(null);
    try {
      onResent((await api.resendRecord(interactionId)).record);
      status.current?.focus(); // the button goes with the failure: keep the keyboard user's place
    } catch (error) {
      setResendError(error);
    }
    setResending(false);
  };
  const agents = record.agents.map((a) => a.name ?? a.email ?? a.id);
  const crmName = record.crm && record.crm in CRM_NAMES ? CRM_NAMES[record.crm as keyof typeof CRM_NAMES] : null;
  const written = record.state === 'written';

  return (
    <div className={styles.root} role="group" aria-label={t('crm.record.title')}>
      <div className={styles.line}>
        <Text weight="semibold">{t('crm.record.title')}</Text>
        <span role="status" tabIndex={-1} ref={status}>
          <Badge appearance="tint" color={STATE_COLORS[record.state]}>
            {record.state === 'waiting' ? t('crm.record.waiting') : t(`crm.writeBack.${record.state}`)}
          </Badge>
        </span>
        {written && record.writtenAt && <Text size={200} className={styles.muted}>{formatDateTime(record.writtenAt, locale)}</Text>}
        {record.url && (
          <Link href={record.url} target="_blank" rel="noreferrer">
            {crmName ? t('crm.record.open', { crm: crmName }) : t('crm.record.openInCrm')}
          </Link>
        )}
      </div>
      {agents.length > 0 && (
        <Text size={200} block className={styles.muted}>
          {t('crm.record.credited', { names: new Intl.ListFormat(locale, { type: 'conjunction' }).format(agents) })}
        </Text>
      )}
      {record.state === 'waiting' && !record.plan && <Text size={200} block className={styles.muted}>{t('crm.record.nothingYet')}</Text>}
      {record.state === 'pending' && record.error && <Text size={200} block className={styles.muted}>{t('crm.record.retrying', { error: record.error })}</Text>}
      {leftOut.map((r) => (
        <Text key={r.key} size={200} block className={styles.leftOut}>
          {t(written ? 'crm.record.leftOut' : 'crm.record.willLeaveOut', { name: r.label, reason: r.reason })}
        </Text>
      ))}
      {record.state === 'failed' && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('crm.record.failedTitle')}</MessageBarTitle>
            <span className={styles.words}>{record.error ?? t('crm.record.noReason')}</span>
            {can('interactions:link') && <span className={styles.hint}>{t('crm.record.fixThenResend')}</span>}
          </MessageBarBody>
          {can('interactions:link') && (
            <MessageBarActions>
              <Button icon={resending ? <Spinner size="tiny" /> : <ArrowClockwiseRegular />} disabled={resending} onClick={() => void resend()}>
                {t(resending ? 'crm.record.resending' : 'crm.record.resend')}
              </Button>
            </MessageBarActions>
          )}
        </MessageBar>
      )}
      {resendError !== null && <ResendError error={resendError} />}
    </div>
  );
}

/** Why a resend did not go, in words the agent can act on. */
function ResendError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const status = error instanceof ApiError ? error.problem.status : -1;
  const text =
    status === 409 ? t('crm.record.resendNothing')
    : status === 403 ? t('crm.record.resendForbidden')
    : status === 0 ? t('error.network.body')
    : t('crm.record.resendFailed', { detail: error instanceof Error ? error.message : String(error) });
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>{text}</MessageBarBody>
    </MessageBar>
  );
}
