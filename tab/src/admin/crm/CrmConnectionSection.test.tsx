import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../api/client';
import type { CrmConnectionData, CrmConnectionInput } from '../../api/types';
import { renderInApp } from '../../test-utils';
import { CrmConnectionSection } from './CrmConnectionSection';

const salesforce: CrmConnectionData = {
  kind: 'salesforce',
  instanceUrl: 'https://classics.my.salesforce.com',
  tokenUrl: 'https://classics.my.salesforce.com/services/oauth2/token',
  clientId: '3MVG9customer-card',
  scope: null,
  apiVersion: null,
  externalIdField: null,
  hasSecret: true,
  updatedBy: 'Marianne Dashwood',
  updatedAt: '2026-11-20T09:15:00.000Z',
};

/** An API over the one CRM connection, as the admin changes it. */
function connectionApi(initial: CrmConnectionData | null) {
  let connection = initial;
  return {
    crmConnection: jest.fn(async () => ({ connection })),
    saveCrmConnection: jest.fn(async (input: CrmConnectionInput) => {
      const { kind, instanceUrl, tokenUrl, clientId, scope } = input; // the secret never comes back
      connection = { kind, instanceUrl, tokenUrl, clientId, scope: scope ?? null, apiVersion: null, externalIdField: null, hasSecret: true as const, updatedBy: 'Development User', updatedAt: '2026-11-22T10:00:00.000Z' };
      return { connection };
    }),
    testCrmConnection: jest.fn(async (_input: CrmConnectionInput) => ({ ok: true as const })),
    disconnectCrm: jest.fn(async () => {
      connection = null;
      return { connection };
    }),
  };
}

const textbox = (name: RegExp) => screen.getByRole('textbox', { name });
const steps = () => within(screen.getByRole('list', { name: 'Connection test steps' })).getAllByRole('listitem').map((li) => li.textContent);

describe('CrmConnectionSection', () => {
  it('connects a CRM: the secret goes in once and then shows as stored', async () => {
    const api = connectionApi(null);
    await renderInApp(<CrmConnectionSection />, { api });
    expect(await screen.findByText('No CRM is connected: the built-in CRM serves.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('combobox', { name: /^CRM/ }));
    await userEvent.click(screen.getByRole('option', { name: 'ServiceNow' }));
    await userEvent.type(textbox(/^Instance URL/), 'https://classics.service-now.com');
    await userEvent.type(textbox(/^Token URL/), 'https://classics.service-now.com/oauth_token.do');
    await userEvent.type(textbox(/^Client ID/), 'customer-card');
    await userEvent.type(screen.getByLabelText(/^Client secret/), 's3cret');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(api.saveCrmConnection).toHaveBeenCalledWith({
      kind: 'servicenow', instanceUrl: 'https://classics.service-now.com', tokenUrl: 'https://classics.service-now.com/oauth_token.do', clientId: 'customer-card', clientSecret: 's3cret',
    });
    expect(await screen.findByText(/^ServiceNow, last changed by Development User on/)).toBeInTheDocument();
    const replace = screen.getByLabelText(/^Replace the client secret/);
    expect(replace).toHaveValue('');
    expect(screen.getByText('Stored')).toBeInTheDocument();
  });

  it('keeps the stored secret when saving without a new one', async () => {
    const api = connectionApi(salesforce);
    await renderInApp(<CrmConnectionSection />, { api });
    const clientId = await screen.findByRole('textbox', { name: /^Client ID/ });
    expect(clientId).toHaveValue('3MVG9customer-card');
    await userEvent.clear(clientId);
    await userEvent.type(clientId, '3MVG9another');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(api.saveCrmConnection).toHaveBeenCalledWith({
      kind: 'salesforce', instanceUrl: salesforce.instanceUrl, tokenUrl: salesforce.tokenUrl, clientId: '3MVG9another',
    });
  });

  it('offers Salesforce its API version and Task key field, sends them only when entered, and none to other CRMs', async () => {
    const api = connectionApi({ ...salesforce, apiVersion: '65.0' });
    await renderInApp(<CrmConnectionSection />, { api });
    expect(await screen.findByRole('textbox', { name: /^Salesforce API version/ })).toHaveValue('65.0');
    await userEvent.type(textbox(/^Task key field/), 'Interaction_Key__c');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(api.saveCrmConnection).toHaveBeenLastCalledWith({
      kind: 'salesforce', instanceUrl: salesforce.instanceUrl, tokenUrl: salesforce.tokenUrl, clientId: salesforce.clientId,
      apiVersion: '65.0', externalIdField: 'Interaction_Key__c',
    });

    await userEvent.click(screen.getByRole('combobox', { name: /^CRM/ }));
    await userEvent.click(screen.getByRole('option', { name: 'ServiceNow' }));
    expect(screen.queryByRole('textbox', { name: /^Salesforce API version/ })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(api.saveCrmConnection).toHaveBeenLastCalledWith(expect.not.objectContaining({ apiVersion: expect.anything() }));
    expect(await screen.findByText(/^ServiceNow, last changed by Development User on/)).toBeInTheDocument();
  });

  it('tests the connection as entered and shows each step passed', async () => {
    const api = connectionApi(salesforce);
    await renderInApp(<CrmConnectionSection />, { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Test connection' }));
    expect(api.testCrmConnection).toHaveBeenCalledWith({ kind: 'salesforce', instanceUrl: salesforce.instanceUrl, tokenUrl: salesforce.tokenUrl, clientId: salesforce.clientId });
    expect(await screen.findByText('The connection works.')).toBeInTheDocument();
    expect(steps()).toEqual(['Settings complete and well-formed: passed', 'Salesforce reached: token endpoint, client credentials and API: passed']);
  });

  it('shows which step failed and what the CRM answered', async () => {
    const api = connectionApi(salesforce);
    api.testCrmConnection.mockRejectedValueOnce(new ApiError({
      status: 502, title: 'CRM error', detail: 'the CRM answered: the token endpoint refused the client credentials: invalid_client',
    }));
    await renderInApp(<CrmConnectionSection />, { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('The connection test failed.')).toBeInTheDocument();
    const [settings, crm] = steps();
    expect(settings).toBe('Settings complete and well-formed: passed');
    expect(crm).toMatch(/^Salesforce reached: token endpoint, client credentials and API: failed/);
    expect(crm).toContain('The CRM refused. Check the addresses, the client ID and secret');
    expect(crm).toContain('The server said: the CRM answered: the token endpoint refused the client credentials: invalid_client');
  });

  it('names the settings at fault before anything reaches the CRM', async () => {
    const api = connectionApi(null);
    api.testCrmConnection.mockRejectedValueOnce(new ApiError({
      status: 400, detail: 'instanceUrl: must be an http(s) URL', errors: [{ field: 'instanceUrl', message: 'must be an http(s) URL' }],
    }));
    await renderInApp(<CrmConnectionSection />, { api });
    await userEvent.type(await screen.findByRole('textbox', { name: /^Instance URL/ }), 'classics.my.salesforce.com');
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    const [settings, crm] = await waitFor(() => steps());
    expect(settings).toMatch(/^Settings complete and well-formed: failedCheck: Instance URL\./);
    expect(crm).toBe('Salesforce reached: token endpoint, client credentials and API: not checked');
    expect(textbox(/^Instance URL/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Enter the instance\'s http or https address.')).toBeInTheDocument();
  });

  it('disconnects after asking, and the built-in CRM serves again', async () => {
    const api = connectionApi(salesforce);
    await renderInApp(<CrmConnectionSection />, { api });
    await userEvent.click(await screen.findByRole('button', { name: 'Disconnect' }));
    const dialog = within(screen.getByRole('alertdialog', { name: 'Disconnect Salesforce?' }));
    await userEvent.click(dialog.getByRole('button', { name: 'Disconnect' }));
    expect(api.disconnectCrm).toHaveBeenCalled();
    expect(await screen.findByText('No CRM is connected: the built-in CRM serves.')).toBeInTheDocument();
    expect(textbox(/^Instance URL/)).toHaveValue('');
  });
});
