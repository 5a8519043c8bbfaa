import { putRole } from '../../src/domain/access/role-store';
import { insertContact } from '../../src/domain/contacts/contacts-store';
import fr from '../../bot/i18n/fr.json';
import ja from '../../bot/i18n/ja.json';
import { startApp, type RunningApp } from '../support/app-server';
import { appWithBotConnector } from '../support/bot-app';
import { startBotFrameworkIssuer } from '../support/bot-framework-tokens';
import { anInteractionEvent, contactOf, ingest } from '../support/events';
import { describeEachStore } from '../support/stores';

type User = { id: string; name: string; aadObjectId: string };
interface Card { body: unknown[]; actions?: Array<{ type: string; title: string; url?: string }>; refresh?: { userIds: string[] } }
interface Result { contentType: string; content: Card; preview: { contentType: string; content: { title: string; text: string } } }
interface Answer { composeExtension: { type: 'result' | 'message'; attachmentLayout?: string; text?: string; attachments?: Result[] }; cacheInfo?: { cacheType: string } }

/** An Agent of sales (her last tab sign-in: no app role, so the default role). */
const ELINOR: User = { id: '29:elinor', name: 'Elinor Dashwood', aadObjectId: 'elinor-oid' };
/** Supervises support-emea only (a role that sees its own divisions). */
const BRANDON: User = { id: '29:brandon', name: 'Colonel Brandon', aadObjectId: 'brandon-oid' };
/** A dispatcher: sees the sales interactions, may not look up contacts. */
const JOHN: User = { id: '29:john', name: 'John Dashwood', aadObjectId: 'john-oid' };

/**
 * The search-based message extension and link unfurling (issue #18, points 3 and 4), invoked as
 * Teams invokes them (composeExtension/query, composeExtension/queryLink) at the bot's endpoint: the
 * customer card to insert, as the API would show it to the user — their permissions, their
 * divisions, their language. Edward Ferrars has a chat in sales and a call in support-emea.
 */
describeEachStore('the compose box finds and unfurls customer cards (issue #18)', (store) => {
  const bot = appWithBotConnector(store);
  beforeEach(async () => {
    const admin = { id: 'setup', name: 'Setup' };
    await putRole(store(), admin, 'Division supervisor', ['interactions:view-division', 'contacts:view', 'contacts:edit', 'contacts:delete']);
    await putRole(store(), admin, 'Dispatcher', ['interactions:view-division']);
    await store().query(`INSERT INTO known_users (user_id, name, roles) VALUES
      ('elinor-oid', 'Elinor Dashwood', '{}'), ('brandon-oid', 'Colonel Brandon', '{Division supervisor}'), ('john-oid', 'John Dashwood', '{Dispatcher}')`);
    await store().query(`INSERT INTO user_divisions (user_id, division) VALUES ('elinor-oid', 'sales'), ('brandon-oid', 'support-emea'), ('john-oid', 'sales')`);
    const edward = { name: 'Edward Ferrars', phone: '+1 803-555-0142', email: 'edward@norland.example' };
    await ingest(store(),
      anInteractionEvent('interaction.started', { interactionId: 'sales-chat', channel: 'chat', division: 'sales', contact: edward }),
      anInteractionEvent('interaction.started', { interactionId: 'support-call', channel: 'voice', division: 'support-emea', contact: edward }));
  });

  let n = 0;
  async function invoke(from: User, name: string, value: object, locale = 'en-US'): Promise<Answer> {
    const response = await fetch(`${bot.app.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'invoke', name, value, locale, id: `in-${++n}`, channelId: 'msteams', serviceUrl: bot.connector.serviceUrl,
        from, recipient: { id: 'bot-1', name: 'Customer Card' }, conversation: { id: 'chat-1', conversationType: 'groupChat' },
      }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Answer;
  }
  /** Types in the compose extension's search box, as Teams asks for a page of results. */
  const search = (from: User, text: string, options: { skip?: number; count?: number; locale?: string } = {}) =>
    invoke(from, 'composeExtension/query', {
      commandId: 'findCustomerCard', parameters: [{ name: 'query', value: text }], queryOptions: { skip: options.skip ?? 0, count: options.count ?? 25 },
    }, options.locale);
  const unfurl = (from: User, url: string) => invoke(from, 'composeExtension/queryLink', { url });
  const names = (answer: Answer) => answer.composeExtension.attachments!.map((a) => a.preview.content.title);
  const text = (result: Result) => JSON.stringify(result.content);
  /** The link a card's "Open in tab" opens: what a user copies and pastes. */
  const tabLink = (result: Result) => result.content.actions!.find((a) => a.type === 'Action.OpenUrl')!.url!;
  const nothing = { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] }, cacheInfo: { cacheType: 'no-cache' } };

  it('finds a customer by name, phone number in any format or e-mail: a preview to pick, and the customer card to insert', async () => {
    for (const typed of ['ferrars', '(803) 555-0142', 'edward@norland.example']) {
      const answer = await search(ELINOR, typed);
      expect(answer.composeExtension).toMatchObject({ type: 'result', attachmentLayout: 'list' });
      const [result] = answer.composeExtension.attachments!;
      expect(answer.composeExtension.attachments).toHaveLength(1);
      expect(result!.preview).toEqual({
        contentType: 'application/vnd.microsoft.card.thumbnail',
        content: { title: 'Edward Ferrars', text: 'edward@norland.example · +1 803 555 0142' }, // as the identifiers read
      });
      expect(result!.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(text(result!)).toContain('Recent interactions');
      expect(result!.content.refresh!.userIds).toEqual([ELINOR.id]); // her client shows her own view, with its actions
    }
  });

  it('shows each user only the interactions of their divisions on the card', async () => {
    const [hers] = (await search(ELINOR, 'Edward Ferrars')).composeExtension.attachments!;
    expect(text(hers!)).toContain('Chat');
    expect(text(hers!)).not.toContain('Call');
    const [his] = (await search(BRANDON, 'Edward Ferrars')).composeExtension.attachments!;
    expect(text(his!)).toContain('Call');
    expect(text(his!)).not.toContain('Chat');
  });

  it('pages as Teams asks (skip and count), in the order of the tab\'s search', async () => {
    await store().transaction(async (tx) => {
      for (let i = 1; i <= 30; i++) await insertContact(tx, { type: 'curated', name: `Grant ${String(i).padStart(2, '0')}`, identifiers: [] });
    });
    const first = await search(ELINOR, 'grant');
    const second = await search(ELINOR, 'grant', { skip: 25 });
    expect([...names(first), ...names(second)]).toEqual(Array.from({ length: 30 }, (_, i) => `Grant ${String(i + 1).padStart(2, '0')}`));
    expect(names(await search(ELINOR, 'grant', { skip: 10, count: 5 }))).toEqual(['Grant 11', 'Grant 12', 'Grant 13', 'Grant 14', 'Grant 15']);
    expect(names(await search(ELINOR, 'grant', { skip: 30 }))).toEqual([]);
    expect((await search(ELINOR, 'grant')).composeExtension.attachments![0]!.preview.content.text).toBe('Contact'); // no identifiers: what it is
  });

  it('answers in the user\'s language', async () => {
    const [card] = (await search(ELINOR, 'ferrars', { locale: 'ja-JP' })).composeExtension.attachments!;
    expect(text(card!)).toContain(ja.card.recent);
    expect((await search(ELINOR, '', { locale: 'fr-FR' })).composeExtension).toEqual({ type: 'message', text: fr.messageExtension.typeToSearch });
  });

  it('asks for a name, number or e-mail when nothing is typed yet, as when the command opens (initialRun)', async () => {
    const hint = { type: 'message', text: 'Type a name, phone number or e-mail address to find a customer card.' };
    expect((await search(ELINOR, '   ')).composeExtension).toEqual(hint);
    const opened = await invoke(ELINOR, 'composeExtension/query', { commandId: 'findCustomerCard', parameters: [{ name: 'initialRun', value: 'true' }], queryOptions: { skip: 0, count: 25 } });
    expect(opened.composeExtension).toEqual(hint);
  });

  it('finds nothing for a user who may not look up contacts, and says why without a word about anyone', async () => {
    const refused = { type: 'message', text: 'Your role does not let you look up customer cards.' };
    expect((await search(JOHN, 'Edward Ferrars')).composeExtension).toEqual(refused);
    expect((await search(JOHN, 'nobody at all')).composeExtension).toEqual(refused);
  });

  it('unfurls a pasted link to a card in the tab into that card, for a user who may see it', async () => {
    const [result] = (await search(ELINOR, 'ferrars')).composeExtension.attachments!;
    const contactLink = tabLink(result!);
    expect(contactLink).toMatch(/\/tab\?contactId=/);
    const contact = await unfurl(ELINOR, contactLink);
    expect(contact).toMatchObject({ composeExtension: { type: 'result', attachmentLayout: 'list' }, cacheInfo: { cacheType: 'no-cache' } });
    const [card] = contact.composeExtension.attachments!;
    expect(card!.preview.content.title).toBe('Edward Ferrars');
    expect(text(card!)).toContain('+1 803 555 0142');
    expect(card!.content.refresh!.userIds).toEqual([ELINOR.id]);

    const interactionLink = contactLink.replace(/contactId=.*/, 'interactionId=sales-chat');
    const [interaction] = (await unfurl(ELINOR, interactionLink)).composeExtension.attachments!;
    expect(interaction!.preview.content).toEqual({ title: 'Edward Ferrars', text: 'Chat · Active' });
    expect(text(interaction!)).toContain('interactionId=sales-chat');
  });

  it('unfurls into nothing, alike, a card the user may not see, an unknown id, and a link elsewhere', async () => {
    const [result] = (await search(ELINOR, 'ferrars')).composeExtension.attachments!;
    const contactLink = tabLink(result!);
    const tab = contactLink.replace(/\?.*/, '');
    expect((await unfurl(BRANDON, `${tab}?interactionId=sales-chat`))).toEqual(nothing); // not his division
    expect((await unfurl(ELINOR, `${tab}?interactionId=support-call`))).toEqual(nothing); // not hers
    expect((await unfurl(JOHN, contactLink))).toEqual(nothing); // may not see contacts
    expect((await unfurl(ELINOR, `${tab}?interactionId=no-such-interaction`))).toEqual(nothing);
    expect((await unfurl(ELINOR, `${tab}?contactId=00000000-0000-4000-8000-000000000000`))).toEqual(nothing);
    expect((await unfurl(ELINOR, `${tab}?contactId=not-a-uuid`))).toEqual(nothing);
    expect((await unfurl(ELINOR, `https://elsewhere.example/tab?contactId=${(await contactOf(store(), 'sales-chat'))!}`))).toEqual(nothing);
    expect((await unfurl(ELINOR, tab))).toEqual(nothing); // the tab's own page is no card
    expect((await unfurl(BRANDON, `${tab}?interactionId=support-call`)).composeExtension.attachments).toHaveLength(1); // the control
  });

  it('leaves a card someone inserted in its chat unanswered: it is no question for the bot', async () => {
    const [card] = (await search(ELINOR, 'ferrars')).composeExtension.attachments!;
    const say = async (text: string, attachments: object[]) => {
      const id = `in-${++n}`;
      const response = await fetch(`${bot.app.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message', id, text, attachments, locale: 'en-US', channelId: 'msteams', serviceUrl: bot.connector.serviceUrl,
          from: ELINOR, recipient: { id: 'bot-1', name: 'Customer Card' }, conversation: { id: 'chat-1', conversationType: 'personal' },
        }),
      });
      expect(response.status).toBe(200);
      return bot.connector.received.filter((a) => a.replyToId === id);
    };
    // As a Teams client sends it: the card, and a placeholder for it in the text.
    const placeholder = '<span class="inline-compose-card" itemid="0" itemtype="http://schema.skype.com/InputExtension"><span content="0" itemprop="cardId"></span> </span>';
    const { contentType, content } = card!;
    expect(await say(placeholder, [{ contentType, content }])).toEqual([]);
    expect(await say('', [{ contentType, content }])).toEqual([]);
    // Words with it are still answered, without the placeholder.
    const [answer] = await say(`${placeholder}Edward Ferrars`, [{ contentType, content }]);
    expect(JSON.stringify(answer!.activity.attachments)).toContain('Recent interactions');
  });

  describe('with a bot app id', () => {
    const BOT_ID = '8e1b2c3d-4f5a-4b6c-9d7e-0f1a2b3c4d5e';
    let issuer: Awaited<ReturnType<typeof startBotFrameworkIssuer>>;
    let secured: RunningApp;
    beforeAll(async () => {
      jest.spyOn(console, 'error').mockImplementation(() => undefined); // botbuilder prints every refused token
      issuer = await startBotFrameworkIssuer();
      secured = await startApp(store(), { BOT_ID, BOT_PASSWORD: 'bot-secret-never-sent', ...issuer.env });
    });
    afterAll(async () => {
      await secured.close();
      await issuer.close();
      jest.restoreAllMocks();
    });
    const post = (authorization: string | null, name: string, value: object) =>
      fetch(`${secured.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({
          type: 'invoke', name, value, locale: 'en-US', id: `in-${++n}`, channelId: 'msteams', serviceUrl: bot.connector.serviceUrl,
          from: ELINOR, recipient: { id: `28:${BOT_ID}` }, conversation: { id: 'chat-1' },
        }),
      });

    it('answers the search and the unfurling invokes carrying a Bot Framework token, in the invoke\'s own response', async () => {
      const token = `Bearer ${await issuer.token({ aud: BOT_ID, serviceurl: bot.connector.serviceUrl })}`;
      const found = await post(token, 'composeExtension/query', { commandId: 'findCustomerCard', parameters: [{ name: 'query', value: 'ferrars' }] });
      expect(found.status).toBe(200);
      const [result] = ((await found.json()) as Answer).composeExtension.attachments!;
      expect(result!.preview.content.title).toBe('Edward Ferrars');
      const unfurled = await post(token, 'composeExtension/queryLink', { url: tabLink(result!) });
      expect(((await unfurled.json()) as Answer).composeExtension.attachments).toHaveLength(1);
    });

    it('refuses them without a token, before reading them', async () => {
      expect((await post(null, 'composeExtension/query', { parameters: [{ name: 'query', value: 'ferrars' }] })).status).toBe(401);
      expect((await post(null, 'composeExtension/queryLink', { url: 'http://localhost:3978/tab?interactionId=sales-chat' })).status).toBe(401);
    });
  });
});
