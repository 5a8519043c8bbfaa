import type { CustomerCard } from '../../src/domain/cards/customer-card';
import { displayed } from '../../src/domain/identity/identifiers';
import type { DuplicateHint } from '../../src/domain/merge/duplicate-hints';
import { botT } from '../i18n/bot-i18n';
import { customerCardAttachment, type CardContext } from './render';

interface Node { type?: string; style?: string; text?: string; verb?: string; title?: string; data?: Record<string, string>; [key: string]: unknown }

const ctx = (locale = 'en-US'): CardContext => ({ t: botT(locale), locale, tabUrl: 'https://cards.example/tab' });
const at = new Date('2026-11-20T10:00:00Z');
const NEW_CARD = '7d0a3d5e-0000-4000-8000-000000000001';
const KNOWN = '7d0a3d5e-0000-4000-8000-000000000002';

const card: CustomerCard = {
  contact: { id: NEW_CARD, type: 'curated', name: 'Edward Ferrars', fields: {}, aliasOf: null, createdAt: at, lastInteractionAt: at, expiresAt: null, identifiers: [displayed({ kind: 'phone', value: '+18035550199' })] },
  fields: [], resolvedFrom: null, interactions: [], visits: [], merges: [], notes: [], sentMessages: [],
};
const hint = (name: string, reason: DuplicateHint['reason']): DuplicateHint => ({
  contact: { id: KNOWN, name, type: 'curated', createdAt: at, identifiers: [displayed({ kind: 'phone', value: '+18035550142' })] }, reason,
});

/** Every node of the card, depth first. */
function nodes(node: unknown): Node[] {
  if (Array.isArray(node)) return node.flatMap(nodes);
  if (!node || typeof node !== 'object') return [];
  return [node as Node, ...Object.values(node).flatMap(nodes)];
}
const render = (hints: DuplicateHint[] | undefined, locale?: string) =>
  customerCardAttachment(card, ctx(locale), hints ? { actions: { duplicateHints: hints } } : {}).content as { body: unknown[] };

describe('possible duplicates on the bot’s customer card (MERGE-8)', () => {
  it('shows each hint with its reason, a merge to review and a dismiss that names both cards', () => {
    const shown = render([hint('Edward Ferrars', { kind: 'sameName', differing: 'phone' })]);
    const container = nodes(shown.body).find((n) => n.type === 'Container' && n.style === 'warning')!;
    const texts = nodes(container).filter((n) => n.type === 'TextBlock').map((n) => n.text);
    expect(texts).toEqual(['Possible duplicate', 'Edward Ferrars — same name, different phone number', expect.stringContaining('Merging keeps this card and folds Edward Ferrars into it')]);
    const executes = nodes(container).filter((n) => n.type === 'Action.Execute');
    expect(executes).toEqual([
      expect.objectContaining({ verb: 'merge', title: 'Merge', data: { cardKind: 'contact', cardId: NEW_CARD, survivorId: NEW_CARD, mergedId: KNOWN } }),
      expect.objectContaining({ verb: 'dismissDuplicate', title: 'Dismiss', data: { cardKind: 'contact', cardId: NEW_CARD, otherId: KNOWN } }),
    ]);
    expect(nodes(container).find((n) => n.type === 'Action.ShowCard')).toMatchObject({ title: 'Review merge' });
  });

  it('says the reason in the chat user’s language, and a name cannot smuggle markdown in', () => {
    const shown = render([hint('[Ed](https://phish.example)', { kind: 'similarName', domain: 'norland.example' })], 'ja-JP');
    const texts = nodes(shown.body).filter((n) => n.type === 'TextBlock').map((n) => n.text);
    expect(texts).toContain('重複の可能性');
    expect(texts).toContain('\\[Ed\\](https://phish.example)：類似した名前、同じメール ドメイン norland.example');
  });

  it('shows no hint where the card offers no actions (a card shared into a chat)', () => {
    expect(nodes(render(undefined).body).some((n) => n.verb === 'dismissDuplicate')).toBe(false);
    expect(nodes(render([]).body).some((n) => n.type === 'Container' && n.style === 'warning')).toBe(false);
  });
});
