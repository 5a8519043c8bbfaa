import { screen, within } from '@testing-library/react';
import type { AuditEntryData } from '../../api/types';
import { renderInApp } from '../../test-utils';
import { AuditSection } from './AuditSection';

let id = 0;
const anEntry = (setting: string, before: unknown, after: unknown): AuditEntryData => ({
  id: String(++id), at: '2026-11-22T09:15:00.000Z', actorId: 'admin-oid', actorName: 'Marianne Dashwood', setting, before, after,
});

describe('AuditSection', () => {
  it('lists each change as the API gives them, newest first, in words', async () => {
    const entries = [
      anEntry('crm-connection', null, {
        scope: null, clientId: 'customer-card', kind: 'servicenow', tokenUrl: 'https://classics.service-now.com/oauth_token.do',
        instanceUrl: 'https://classics.service-now.com', clientSecret: '(secret changed)',
      }),
      anEntry('role-mapping:group:00000000-0000-4000-8000-0000000000aa', { role: 'Agent' }, { role: 'Quality reviewer' }),
      anEntry('role:Quality reviewer', null, { permissions: ['contacts:view', 'journey:view'] }),
      anEntry('user-divisions:elinor-oid', ['support-emea'], []),
      anEntry('app-settings', { defaultPhoneRegion: 'US' }, { defaultPhoneRegion: 'SE' }),
      anEntry('features', { 'crm.link': true, 'outbound.messages': true }, { 'crm.link': false, 'outbound.messages': false }),
    ];
    await renderInApp(<AuditSection />, { api: { settingsAudit: jest.fn().mockResolvedValue({ entries }) } });
    const table = await screen.findByRole('table', { name: 'Changes to the settings' });
    const rows = within(table).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').slice(1).map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Marianne Dashwood', 'CRM connection', '(none)', [
        'CRM: ServiceNow', 'Instance URL: https://classics.service-now.com', 'Token URL: https://classics.service-now.com/oauth_token.do',
        'Client ID: customer-card', 'Client secret: (secret changed)', 'Scope: (none)',
      ].join('\n')],
      ['Marianne Dashwood', 'Mapping of the group 00000000-0000-4000-8000-0000000000aa', 'Role: Agent', 'Role: Quality reviewer'],
      ['Marianne Dashwood', 'Role Quality reviewer', '(none)', 'Permissions: See contacts, See the customer journey'],
      ['Marianne Dashwood', 'Divisions of elinor-oid', 'support-emea', '(empty)'],
      ['Marianne Dashwood', 'General', 'Default phone region: United States', 'Default phone region: Sweden'],
      ['Marianne Dashwood', 'Feature switches', 'Link CRM records: On\nSMS and e-mail: On', 'Link CRM records: Off\nSMS and e-mail: Off'],
    ]);
  });

  it('says when nothing was changed yet', async () => {
    await renderInApp(<AuditSection />, { api: { settingsAudit: jest.fn().mockResolvedValue({ entries: [] }) } });
    expect(await screen.findByText('No changes yet.')).toBeInTheDocument();
  });
});
