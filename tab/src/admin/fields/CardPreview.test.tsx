import { act, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import type { FieldDefinitionData } from '../../api/types';
import { renderInApp } from '../../test-utils';
import CardPreview from './CardPreview';

// The SDK's lib/ is ES modules under a CommonJS package, which Jest cannot load: its UMD build is the same code.
jest.mock('adaptivecards', () => jest.requireActual('adaptivecards/dist/adaptivecards.js'));

const aField = (ident: string, labels: FieldDefinitionData['labels'], overrides: Partial<FieldDefinitionData> = {}): FieldDefinitionData => ({
  ident, labels, type: 'text', options: [], visibleInPanel: true, editable: true, visibleOnCard: false, position: 1, retiredAt: null, ...overrides,
});
const tier = aField('loyalty-tier', { en: 'Loyalty tier', ja: 'ロイヤルティ階層' }, { type: 'dropdown', options: ['Gold', 'Silver'], visibleOnCard: true });
const billing = aField('billing-email', { en: 'Billing e-mail' }, { type: 'email' });
const legacy = aField('legacy_code', { en: 'Legacy_code' }, { visibleOnCard: true, retiredAt: '2026-11-01T00:00:00.000Z' });

/** The preview over fields the test switches, as the admin page passes them after each change. */
let switchTo: (fields: FieldDefinitionData[]) => void;
function Switchable({ initial }: { initial: FieldDefinitionData[] }) {
  const [fields, setFields] = useState(initial);
  switchTo = setFields;
  return <CardPreview fields={fields} />;
}

const preview = () => screen.getByRole('region', { name: 'Preview of the chat card' });

describe('CardPreview', () => {
  it('shows the fields switched on for chats, with sample values, and not the others', async () => {
    await renderInApp(<Switchable initial={[tier, billing, legacy]} />);
    await waitFor(() => expect(preview()).toHaveTextContent('Edward Ferrars'));
    expect(preview()).toHaveTextContent('Loyalty tier');
    expect(preview()).toHaveTextContent('Gold');
    expect(preview()).toHaveTextContent('+1 803 555 0142');
    expect(preview()).not.toHaveTextContent('Billing e-mail');
    expect(preview()).not.toHaveTextContent('Legacy'); // retired: the bot leaves it out
    expect(within(preview()).getByRole('link', { name: 'Open in tab' })).toHaveAttribute('aria-disabled', 'true');

    act(() => switchTo([{ ...tier, visibleOnCard: false }, { ...billing, visibleOnCard: true }]));
    await waitFor(() => expect(preview()).toHaveTextContent('Billing e-mail'));
    expect(preview()).toHaveTextContent('edward.ferrars@norland.example');
    expect(preview()).not.toHaveTextContent('Loyalty tier');
  });

  it('speaks the admin\'s language, with the labels given in it, and shows what the bot escaped as typed', async () => {
    const underscored = aField('vip_level', { en: 'VIP_level *' }, { visibleOnCard: true });
    await renderInApp(<CardPreview fields={[tier, underscored]} />, { locale: 'ja-JP' });
    const region = await screen.findByRole('region', { name: 'チャットのカードのプレビュー' });
    await waitFor(() => expect(region).toHaveTextContent('ロイヤルティ階層'));
    expect(region).toHaveTextContent('電話');
    expect(region).toHaveTextContent('VIP_level *サンプルテキスト');
  });
});
