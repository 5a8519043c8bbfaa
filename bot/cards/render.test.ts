import type { CrmLink } from '../../src/crm/links';
import type { CustomerCard, InteractionCard } from '../../src/domain/cards/customer-card';
import { displayed } from '../../src/domain/identity/identifiers';
import type { Interaction } from '../../src/domain/interactions/interaction';
import { botT } from '../i18n/bot-i18n';
import MarkdownIt from 'markdown-it';
import { customerCardAttachment, interactionCardAttachment, matchesAttachment, MAX_CARD_BYTES, noMatchAttachment, type CardContext } from './render';

interface Action { type: string; title?: string; verb?: string; data?: Record<string, string>; card?: { actions?: Action[] } }
interface Card { body: Array<{ type: string; style?: string }>; actions: Action[]; refresh?: { userIds: string[] } }

const ctx = (locale = 'en-US'): CardContext => ({ t: botT(locale), locale, tabUrl: 'https://cards.example/tab' });
const at = new Date('2026-11-20T10:00:00Z');
const EDWARD = '7d0a3d5e-0000-4000-8000-000000000001';

function interaction(n: number, fields: Partial<Interaction> = {}): Interaction {
  return {
    id: `call-${n}`, contactId: EDWARD, channel: 'voice', division: 'support-emea', direction: 'inbound', matched: null, providedContact: {},
    startedAt: at, state: 'ended', stateChangedAt: at, agent: null, endedAt: at, acwCompletedAt: at, ...fields,
  };
}

function edward(interactions = 1, fields: CustomerCard['fields'] = []): CustomerCard {
  return {
    fields,
    contact: { id: EDWARD, type: 'curated', name: 'Edward Ferrars', fields: {}, aliasOf: null, createdAt: at, lastInteractionAt: at, expiresAt: null, identifiers: [displayed({ kind: 'phone', value: '+18035550142' })] },
    resolvedFrom: null,
    interactions: Array.from({ length: interactions }, (_, n) => interaction(n)),
    visits: [],
    merges: [],
    notes: [],
    sentMessages: [],
  };
}

const chat: InteractionCard = {
  interaction: interaction(0, { id: 'chat-1', channel: 'chat', state: 'active' }),
  messages: [{ id: 'm1', direction: 'inbound', subject: null, text: 'Where is my order?', sentAt: at }],
  card: edward(),
  candidates: [],
};
const link = (id: string, name: string): CrmLink => ({ type: 'contact', id, name, url: `https://crm.example/${id}`, linkedBy: 'Elinor', linkedAt: at, writeBack: { state: 'waiting', error: null, as: null } });
const withWriteBack = (l: CrmLink, writeBack: CrmLink['writeBack']): CrmLink => ({ ...l, writeBack });
const content = (attachment: { content?: unknown }) => attachment.content as Card;
const verbs = (actions: Action[] = []): string[] => actions.flatMap((a) => [a.verb ?? a.type, ...verbs(a.card?.actions)]);
const executes = (card: Card): Action[] => {
  const found: Action[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if ((node as Action).type === 'Action.Execute') found.push(node as Action);
    Object.values(node).forEach(walk);
  };
  walk(card);
  return found;
};

describe('the customer card template', () => {
  it('shows the custom fields visible on the card, labelled in the chat user\'s language', () => {
    const field = (ident: string, value: string | null, visibleOnCard: boolean): CustomerCard['fields'][number] => ({
      ident, labels: { en: 'Loyalty tier', ja: 'ロイヤルティ階層' }, type: 'dropdown', options: ['Gold'], visibleInPanel: true, editable: true, visibleOnCard, value,
    });
    const card = edward(1, [field('loyalty-tier', 'Gold', true), field('hidden', 'secret', false), field('empty', null, true)]);
    const facts = (locale: string) => JSON.stringify(content(customerCardAttachment(card, ctx(locale))).body);
    expect(facts('en-US')).toContain('{"title":"Loyalty tier","value":"Gold"}');
    expect(facts('ja-JP')).toContain('{"title":"ロイヤルティ階層","value":"Gold"}');
    expect(facts('en-US')).not.toContain('secret');
  });

  it('shows phone numbers in international format, here and in the matches list (issue #16)', () => {
    expect(JSON.stringify(content(customerCardAttachment(edward(), ctx())).body)).toContain('{"title":"Phone","value":"+1 803 555 0142"}');
    const edwards = [1, 2].map((n) => ({ id: `c-${n}`, name: 'Edward Ferrars', type: 'curated' as const, createdAt: at, identifiers: [displayed({ kind: 'phone', value: '+18035550142' })] }));
    const listed = JSON.stringify(content(matchesAttachment('Edward', edwards, ctx())));
    expect(listed).toContain('+1 803 555 0142');
    expect(listed).not.toContain('+18035550142');
  });

  it('offers only Refresh and Open in tab when the viewer may do nothing more', () => {
    expect(verbs(content(customerCardAttachment(edward(), ctx())).actions)).toEqual(['refresh', 'Action.OpenUrl']);
  });

  it('offers up to five likely duplicates to tick and merge together (MERGE-7), each named with its identifiers', () => {
    const duplicates = Array.from({ length: 7 }, (_, n) => ({ id: `dup-${n}`, name: `Ed Ferrars ${n}`, type: 'identified' as const, createdAt: at, identifiers: [] }));
    const card = content(customerCardAttachment(edward(), ctx(), { actions: { duplicates } }));
    const [choices] = JSON.stringify(card).match(/\{"type":"Input\.ChoiceSet".*?\]\}/) ?? [];
    const choiceSet = JSON.parse(choices!) as { id: string; isMultiSelect: boolean; choices: Array<{ title: string; value: string }> };
    expect(choiceSet).toMatchObject({ id: 'mergeIds', isMultiSelect: true });
    expect(choiceSet.choices.map((c) => c.value)).toEqual(['dup-0', 'dup-1', 'dup-2', 'dup-3', 'dup-4']);
    expect(executes(card).filter((a) => a.verb === 'merge')).toEqual([]);
    expect(executes(card).filter((a) => a.verb === 'mergeMany')).toEqual([
      expect.objectContaining({ title: 'Merge the ticked cards', data: { cardKind: 'contact', cardId: EDWARD, survivorId: EDWARD } }),
    ]);
  });

  it('offers a single likely duplicate as a button of its own', () => {
    const duplicates = [{ id: 'dup-0', name: 'Ed Ferrars', type: 'identified' as const, createdAt: at, identifiers: [] }];
    const card = content(customerCardAttachment(edward(), ctx(), { actions: { duplicates } }));
    expect(executes(card).filter((a) => a.verb === 'merge')).toEqual([
      expect.objectContaining({ title: 'Ed Ferrars', data: { cardKind: 'contact', cardId: EDWARD, survivorId: EDWARD, mergedId: 'dup-0' } }),
    ]);
    expect(JSON.stringify(card)).not.toContain('Input.ChoiceSet');
  });

  it('says what an action did in a coloured line on top, and lists who refreshes to their own view', () => {
    const userIds = Array.from({ length: 70 }, (_, n) => `29:user-${n}`);
    const card = content(customerCardAttachment(edward(), ctx(), { notice: { style: 'good', text: 'Merged “Ed Ferrars” into this card.' }, refresh: { userIds } }));
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'good' });
    expect(JSON.stringify(card.body[0])).toContain('Merged “Ed Ferrars” into this card.');
    expect(card.refresh!.userIds).toEqual(userIds.slice(0, 60)); // Teams refreshes for at most 60 users
    expect(content(customerCardAttachment(edward(), ctx())).body[0]!.type).not.toBe('Container');
  });

  it('stays under the size limit with 1,000 interactions, pointing to the tab for the rest', () => {
    const card = content(customerCardAttachment(edward(1000), ctx('de-DE')));
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(JSON.stringify(card)).toContain('990 weitere Interaktionen');
  });

  it.each([30, 100])('stays under the size limit with %i long custom field values shown in chats, each cut with an ellipsis', (count) => {
    const fields = Array.from({ length: count }, (_, n) => ({
      ident: `note-${n}`, labels: { en: `Note ${n}` }, type: 'text' as const, options: [], visibleInPanel: true, editable: true, visibleOnCard: true, value: `${n} ${'x'.repeat(999)}`,
    }));
    const card = content(customerCardAttachment(edward(1, fields), ctx()));
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(JSON.stringify(card)).toMatch(new RegExp(`"${count - 1} x+…"`));
  });
});

describe('the interaction card template', () => {
  const crm = (fields: { canLink?: boolean; canRelate?: boolean; related?: boolean } = {}) => ({
    linked: [link('rec-1', 'Edward Ferrars (CRM)')],
    suggested: Array.from({ length: 8 }, (_, n) => ({ type: 'contact', id: `s-${n}`, name: `Suggested ${n}`, person: true, url: '', fields: {} })),
    relatedTo: fields.related ? [{ slot: 'who', type: 'contact', id: 'rec-1', name: 'Edward Ferrars (CRM)', byDefault: false }] : [],
    canLink: fields.canLink ?? true,
    canRelate: fields.canRelate ?? true,
  });

  it('shows linked records with their write-back to everyone, and the actions only to a viewer who may use them', () => {
    const base = content(interactionCardAttachment(chat, [link('rec-1', 'Edward Ferrars (CRM)')], ctx()));
    expect(JSON.stringify(base)).toContain('Edward Ferrars (CRM) (contact) · written when the interaction is done');
    expect(verbs(base.actions)).toEqual(['refresh', 'Action.OpenUrl']);

    const viewer = content(interactionCardAttachment(chat, [], ctx(), { actions: { crm: crm() } }));
    const offered = executes(viewer);
    expect(offered.filter((a) => a.verb === 'link').map((a) => a.data!.id)).toEqual(['s-0', 's-1', 's-2', 's-3', 's-4']);
    expect(offered.find((a) => a.verb === 'unlink')!.data).toEqual({ cardKind: 'interaction', cardId: 'chat-1', type: 'contact', id: 'rec-1' });
    expect(offered.find((a) => a.verb === 'relateTo')!.data).toEqual({ cardKind: 'interaction', cardId: 'chat-1', type: 'contact', id: 'rec-1' });
  });

  it('leaves out what the viewer may not do, and Relate on the record already related', () => {
    const relateOnly = executes(content(interactionCardAttachment(chat, [], ctx(), { actions: { crm: crm({ canLink: false }) } }))).map((a) => a.verb);
    expect(relateOnly).toEqual(expect.arrayContaining(['relateTo']));
    expect(relateOnly).not.toEqual(expect.arrayContaining(['link']));
    expect(relateOnly).not.toEqual(expect.arrayContaining(['unlink']));

    const related = content(interactionCardAttachment(chat, [], ctx(), { actions: { crm: crm({ related: true }) } }));
    expect(executes(related).map((a) => a.verb)).not.toContain('relateTo');
    expect(JSON.stringify(related)).toContain('The activity relates to: Edward Ferrars (CRM)');
  });

  it('says where each linked record was written, and why the CRM\'s rules left one out', () => {
    const reason = 'A task whose Name is a lead cannot have a Related To in Salesforce: relate a contact instead, or remove the lead';
    const card = JSON.stringify(content(interactionCardAttachment(chat, [
      withWriteBack(link('rec-1', 'Lucy Steele'), { state: 'written', error: null, as: 'WhoId' }),
      withWriteBack({ ...link('rec-2', 'Spring Tea'), type: 'campaign' }, { state: 'dropped', error: reason, as: null }),
    ], ctx())));
    expect(card).toContain('Lucy Steele (contact) · written as WhoId');
    expect(card).toContain(`Spring Tea (campaign) · left out: ${reason}`);
    const inGerman = JSON.stringify(content(interactionCardAttachment(chat, [withWriteBack(link('rec-2', 'Spring Tea'), { state: 'dropped', error: reason, as: null })], ctx('de-DE'))));
    expect(inGerman).toContain(`Spring Tea (Kontakt) · ausgelassen: ${reason}`);
  });

  it('shows the CRM\'s words when it refused the record, on one line and cut to size', () => {
    const refusal = `FIELD_CUSTOM_VALIDATION_EXCEPTION:\n\tSubject must name the order number ${'x'.repeat(400)}`;
    const failed = withWriteBack(link('rec-1', 'Lucy Steele'), { state: 'failed', error: refusal, as: null });
    const texts = content(interactionCardAttachment(chat, [failed], ctx())).body.map((b) => (b as { text?: string }).text ?? '');
    const line = texts.find((text) => text.startsWith('The CRM did not accept this interaction’s record (resend it from the tab): '))!;
    expect(line).toContain('FIELD\\_CUSTOM\\_VALIDATION\\_EXCEPTION: Subject must name the order number xxx'); // escaped markdown, one line
    expect(line).not.toMatch(/\n|\t/);
    expect(line.endsWith('x…')).toBe(true);
    expect(line.length).toBeLessThan(400);
    expect(JSON.stringify(content(interactionCardAttachment(chat, [failed], ctx('ja-JP'))))).toContain('CRM がこの対応のレコードを受け付けませんでした');

    const noWords = content(interactionCardAttachment(chat, [withWriteBack(failed, { state: 'failed', error: null, as: null })], ctx()));
    expect(JSON.stringify(noWords)).toContain('The CRM did not accept this interaction’s record (resend it from the tab).');
    const fine = content(interactionCardAttachment(chat, [withWriteBack(failed, { state: 'pending', error: 'the CRM is throttling', as: null })], ctx()));
    expect(JSON.stringify(fine)).not.toContain('did not accept');
  });

  it('speaks the chat\'s language', () => {
    const card = JSON.stringify(content(interactionCardAttachment(chat, [], ctx('sv-SE'), { actions: { crm: crm() } })));
    expect(card).toContain('CRM-poster');
    expect(card).toContain('Länka');
    expect(card).toContain('Uppdatera');
  });
});

describe('user text on the cards', () => {
  const HOSTILE = ['[x](https://phish)', '**b**', '<at>Elinor</at>', '# h', '1. list', '- item', '_i_', '&lt;', '`code`', '> quote', 'Hello\n===', '2) two', 'Hi\n- two'];
  // Teams' clients render card text as CommonMark (the web client with markdown-it); HTML on, to see a mention tag get through.
  const teams = new MarkdownIt({ html: true });
  /** Every text Teams renders as markdown: TextBlocks and facts. */
  const markdownTexts = (node: unknown): string[] => {
    if (Array.isArray(node)) return node.flatMap(markdownTexts);
    if (!node || typeof node !== 'object') return [];
    const n = node as Record<string, unknown>;
    const own = n.type === 'TextBlock' ? [n.text as string] : n.type === 'FactSet' ? (n.facts as Array<{ title: string; value: string }>).flatMap((f) => [f.title, f.value]) : [];
    return [...own, ...Object.values(n).flatMap(markdownTexts)];
  };
  /** What a reader sees: the rendered text, and whether any markup (a link, bold, a heading, a list …) came out. */
  const read = (card: { content?: unknown }) => {
    const html = markdownTexts(card.content).map((text) => teams.render(text)).join('');
    const markup = html.match(/<(?!\/?p>)[^>]+>/g) ?? [];
    const text = html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    return { markup, text };
  };

  it.each(HOSTILE)('shows %s literally wherever a card shows a name, a message, a field or a CRM record', (hostile) => {
    const card = edward(1, [{ ident: 'tier', labels: { en: hostile }, type: 'text', options: [], visibleInPanel: true, editable: true, visibleOnCard: true, value: hostile }]);
    card.contact.name = hostile;
    const customer = read(customerCardAttachment(card, ctx()));
    const inChat = read(interactionCardAttachment(
      { ...chat, card, messages: [{ ...chat.messages[0]!, text: hostile }], interaction: { ...chat.interaction, agent: { id: 'a', name: hostile } } },
      [link('rec-1', hostile)],
      ctx(),
      { notice: { style: 'good', text: botT('en-US')('notice.merged', { name: hostile }) } },
    ));
    const matches = read(matchesAttachment(hostile, [{ id: 'c', name: hostile, type: 'curated', createdAt: at, identifiers: [displayed({ kind: 'email', value: hostile })] }], ctx()));
    const none = read(noMatchAttachment(hostile, { name: hostile }, ctx()));
    for (const shown of [customer, inChat, matches, none]) {
      expect(shown.markup).toEqual([]);
      expect(shown.text).toContain(hostile);
    }
    // The CRM's words (a refusal, why a record was left out) are quoted on one line.
    const crmWords = read(interactionCardAttachment(chat, [
      withWriteBack(link('rec-1', 'Lucy Steele'), { state: 'failed', error: hostile, as: null }),
      withWriteBack(link('rec-2', 'Spring Tea'), { state: 'dropped', error: hostile, as: null }),
    ], ctx()));
    expect(crmWords.markup).toEqual([]);
    expect(crmWords.text).toContain(`record (resend it from the tab): ${hostile.replace(/\s+/g, ' ')}`);
    expect(crmWords.text).toContain(`left out: ${hostile.replace(/\s+/g, ' ')}`);
    expect(inChat.text).toContain(`Merged “${hostile}” into this card.`);
  });

  it('keeps the bot\'s own formatting and plain text as they are', () => {
    expect(read({ content: { type: 'TextBlock', text: botT('en-US')('help.body') } }).markup).toEqual(['<em>', '</em>', '<em>', '</em>', '<em>', '</em>']);
    const shown = content(interactionCardAttachment({ ...chat, messages: [{ ...chat.messages[0]!, text: 'Order 1.5 kg, +1 803-555-0142, a+b=c' }] }, [], ctx()));
    expect(JSON.stringify(shown)).toContain('Order 1.5 kg, +1 803-555-0142, a+b=c'); // nothing that could not start markup is escaped
  });

  it('still cuts long cards by their size with escaped text', () => {
    const card = { ...chat, messages: Array.from({ length: 50 }, (_, n) => ({ ...chat.messages[0]!, id: `m${n}`, text: '*'.repeat(2000) })) };
    expect(Buffer.byteLength(JSON.stringify(content(interactionCardAttachment(card, [], ctx()))))).toBeLessThanOrEqual(MAX_CARD_BYTES);
  });
});
