import { Badge, Button, Dropdown, Field, Input, makeStyles, Option, Spinner, Text, tokens } from '@fluentui/react-components';
import { PlugConnectedCheckmarkRegular, PlugDisconnectedRegular, SaveRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { CrmConnectionData, CrmConnectionInput } from '../../api/types';
import { useApp } from '../../AppContext';
import { formatDateTime } from '../../i18n/format';
import { ErrorMessage } from '../../views/ErrorMessage';
import { ConfirmDialog } from '../ConfirmDialog';
import { useSectionStyles } from '../section-styles';
import { useConfirmation } from '../useConfirmation';
import { useLoaded } from '../useLoaded';
import { CRM_NAMES, type CrmKind } from './crm-names';
import { testSteps, type TestStep } from './test-steps';
import { TestResult } from './TestResult';

const KINDS = Object.keys(CRM_NAMES) as CrmKind[];
/** Where each CRM's endpoints usually are, as placeholders. */
const EXAMPLES: Record<CrmKind, { instanceUrl: string; tokenUrl: string; scope: string }> = {
  salesforce: { instanceUrl: 'https://contoso.my.salesforce.com', tokenUrl: 'https://contoso.my.salesforce.com/services/oauth2/token', scope: '' },
  dynamics: {
    instanceUrl: 'https://contoso.crm.dynamics.com',
    tokenUrl: 'https://login.microsoftonline.com/<tenant id>/oauth2/v2.0/token',
    scope: 'https://contoso.crm.dynamics.com/.default',
  },
  servicenow: { instanceUrl: 'https://contoso.service-now.com', tokenUrl: 'https://contoso.service-now.com/oauth_token.do', scope: '' },
};
const TEXT_SETTINGS = ['instanceUrl', 'tokenUrl', 'clientId'] as const;

interface Draft {
  kind: CrmKind;
  instanceUrl: string;
  tokenUrl: string;
  clientId: string;
  /** Empty: keep the stored secret. */
  clientSecret: string;
  scope: string;
  /** Salesforce: empty for the org's highest version and the default key field. */
  apiVersion: string;
  externalIdField: string;
}

const draftOf = (c: CrmConnectionData | null): Draft => ({
  kind: c?.kind ?? 'salesforce', instanceUrl: c?.instanceUrl ?? '', tokenUrl: c?.tokenUrl ?? '', clientId: c?.clientId ?? '', clientSecret: '', scope: c?.scope ?? '',
  apiVersion: c?.apiVersion ?? '', externalIdField: c?.externalIdField ?? '',
});

const inputOf = (d: Draft): CrmConnectionInput => ({
  kind: d.kind,
  instanceUrl: d.instanceUrl.trim(),
  tokenUrl: d.tokenUrl.trim(),
  clientId: d.clientId.trim(),
  ...(d.clientSecret ? { clientSecret: d.clientSecret } : {}),
  ...(d.scope.trim() ? { scope: d.scope.trim() } : {}),
  ...(d.kind === 'salesforce' && d.apiVersion.trim() ? { apiVersion: d.apiVersion.trim() } : {}),
  ...(d.kind === 'salesforce' && d.externalIdField.trim() ? { externalIdField: d.externalIdField.trim() } : {}),
});

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '40rem' },
  status: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/**
 * The CRM connection (ADMIN-2): where the CRM is and its OAuth client. The secret goes in and never
 * comes back: a stored one shows as "Stored" with a field to replace it.
 */
export function CrmConnectionSection() {
  const { t } = useTranslation();
  const { api, locale } = useApp();
  const styles = { ...useSectionStyles(), ...useStyles() };
  const confirm = useConfirmation();
  const loaded = useLoaded(() => api.crmConnection());
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | 'disconnect' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [steps, setSteps] = useState<TestStep[] | null>(null);
  const [confirmingDisconnect, setConfirmingDisconnect] = useState(false);

  if (!loaded.data) return loaded.loadError ? <ErrorMessage error={loaded.loadError} /> : <Spinner label={t('loading')} />;
  const current = loaded.data.connection;
  const form = draft ?? draftOf(current);
  const crm = CRM_NAMES[form.kind];
  const labelOf = (field: string) => t(`admin.crm.${field}`, { defaultValue: field });
  const change = (changes: Partial<Draft>) => setDraft({ ...form, ...changes });

  /** Runs one action; a 400 marks the inputs at fault, and anything else shows as a message. */
  const run = async (action: typeof busy, work: () => Promise<void>) => {
    setBusy(action);
    setError(null);
    setSteps(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    }
    setBusy(null);
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    void run('save', async () => {
      const saved = (await api.saveCrmConnection(inputOf(form))).connection;
      loaded.setData({ connection: saved });
      setDraft(null);
      confirm(t('admin.crm.saved', { crm: CRM_NAMES[saved.kind] }));
    });
  };
  const test = () =>
    run('test', async () => {
      let outcome: Parameters<typeof testSteps>[0];
      try {
        outcome = await api.testCrmConnection(inputOf(form));
      } catch (e) {
        outcome = { error: e };
      }
      const found = testSteps(outcome);
      if (!found && 'error' in outcome) throw outcome.error;
      setSteps(found);
      if ('error' in outcome) setError(outcome.error); // marks the inputs at fault, if any
    });
  const disconnect = () =>
    run('disconnect', async () => {
      await api.disconnectCrm();
      loaded.setData({ connection: null });
      setDraft(null);
      confirm(t('admin.crm.disconnected', { crm: CRM_NAMES[current!.kind] }));
    });

  // The server names the inputs at fault; the message beside each is ours, in the user's language.
  const faults = error instanceof ApiError && error.problem.status === 400 ? (error.problem.errors ?? []).map((f) => f.field) : [];
  const faultAt = (field: string) => (faults.includes(field) ? t(`admin.crm.invalid.${field}`) : undefined);
  const unplacedError = error !== null && faults.length === 0 && steps === null;

  return (
    <div className={styles.root}>
      <Text className={styles.intro}>{t('admin.crm.intro')}</Text>
      <div className={styles.status} role="status">
        {current ? (
          <>
            <Badge appearance="tint" color="success" icon={<PlugConnectedCheckmarkRegular />}>{t('admin.crm.connectedBadge')}</Badge>
            <Text>{t('admin.crm.connected', { crm: CRM_NAMES[current.kind], name: current.updatedBy, when: formatDateTime(current.updatedAt, locale) })}</Text>
          </>
        ) : (
          <Text>{t('admin.crm.notConnected')}</Text>
        )}
      </div>
      <form className={styles.form} noValidate onSubmit={save}>
        <Field label={t('admin.crm.kind')} required>
          <Dropdown value={crm} selectedOptions={[form.kind]} onOptionSelect={(_e, d) => d.optionValue && change({ kind: d.optionValue as CrmKind })}>
            {KINDS.map((kind) => <Option key={kind} value={kind}>{CRM_NAMES[kind]}</Option>)}
          </Dropdown>
        </Field>
        {TEXT_SETTINGS.map((setting) => (
          <Field key={setting} label={t(`admin.crm.${setting}`)} required validationMessage={faultAt(setting)}>
            <Input
              value={form[setting]}
              placeholder={setting === 'clientId' ? undefined : EXAMPLES[form.kind][setting]}
              type={setting === 'clientId' ? 'text' : 'url'}
              onChange={(_e, d) => change({ [setting]: d.value })}
            />
          </Field>
        ))}
        {current ? (
          <Field label={t('admin.crm.replaceSecret')} hint={t('admin.crm.secretStoredHint')} validationMessage={faultAt('clientSecret')}>
            <Input type="password" autoComplete="new-password" value={form.clientSecret} onChange={(_e, d) => change({ clientSecret: d.value })}
              contentAfter={<Badge appearance="outline" color="informative">{t('admin.crm.secretStored')}</Badge>} />
          </Field>
        ) : (
          <Field label={t('admin.crm.clientSecret')} required validationMessage={faultAt('clientSecret')}>
            <Input type="password" autoComplete="new-password" value={form.clientSecret} onChange={(_e, d) => change({ clientSecret: d.value })} />
          </Field>
        )}
        <Field label={t('admin.crm.scope')} hint={t('admin.crm.scopeHint')} validationMessage={faultAt('scope')}>
          <Input value={form.scope} placeholder={EXAMPLES[form.kind].scope || undefined} onChange={(_e, d) => change({ scope: d.value })} />
        </Field>
        {form.kind === 'salesforce' && (
          <>
            <Field label={t('admin.crm.apiVersion')} hint={t('admin.crm.apiVersionHint')} validationMessage={faultAt('apiVersion')}>
              <Input value={form.apiVersion} placeholder="66.0" onChange={(_e, d) => change({ apiVersion: d.value })} />
            </Field>
            <Field label={t('admin.crm.externalIdField')} hint={t('admin.crm.externalIdFieldHint')} validationMessage={faultAt('externalIdField')}>
              <Input value={form.externalIdField} placeholder="CustomerCard_Interaction_Key__c" onChange={(_e, d) => change({ externalIdField: d.value })} />
            </Field>
          </>
        )}
        {steps && <TestResult steps={steps} crm={crm} labelOf={labelOf} />}
        {unplacedError && <ErrorMessage error={error} />}
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" icon={<SaveRegular />} disabled={busy !== null}>{t('admin.save')}</Button>
          <Button icon={busy === 'test' ? <Spinner size="tiny" /> : <PlugConnectedCheckmarkRegular />} disabled={busy !== null} onClick={() => void test()}>
            {t(busy === 'test' ? 'admin.crm.testing' : 'admin.crm.test')}
          </Button>
          {current && (
            <Button icon={<PlugDisconnectedRegular />} disabled={busy !== null} onClick={() => setConfirmingDisconnect(true)}>{t('admin.crm.disconnect')}</Button>
          )}
        </div>
      </form>
      {confirmingDisconnect && current && (
        <ConfirmDialog
          title={t('admin.crm.disconnectTitle', { crm: CRM_NAMES[current.kind] })}
          body={t('admin.crm.disconnectBody')}
          confirm={t('admin.crm.disconnect')}
          onConfirm={() => void disconnect()}
          onClose={() => setConfirmingDisconnect(false)}
        />
      )}
    </div>
  );
}
