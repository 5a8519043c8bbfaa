import type { BotConnector } from './bot-app';
import type { RunningApp } from './app-server';

export interface CardAction { type: string; title: string; verb?: string; data?: Record<string, string>; card?: { body: unknown[]; actions?: CardAction[] } }
export interface Card { body: unknown[]; actions?: CardAction[]; refresh?: { action: CardAction; userIds: string[] } }
export type ChatUser = { id: string; name: string; aadObjectId: string };

/** Every action on the card, those inside ActionSets and Action.ShowCard included (not its refresh). */
export function actionsOf(card: Pick<Card, 'body' | 'actions'>): CardAction[] {
  const walk = (node: unknown): CardAction[] => {
    if (Array.isArray(node)) return node.flatMap(walk);
    if (!node || typeof node !== 'object') return [];
    const n = node as Record<string, unknown>;
    const own = typeof n.type === 'string' && n.type.startsWith('Action.') ? [n as unknown as CardAction] : [];
    return [...own, ...Object.values(n).flatMap(walk)];
  };
  return walk([card.body, card.actions]);
}

export const actionOf = (card: Card, verb: string, title?: string) => actionsOf(card).find((a) => a.verb === verb && (!title || a.title === title));

/**
 * A group chat with the bot, as Teams speaks to it: `say` posts a message and returns the card the
 * bot answers with (through the local Bot Connector); `press` invokes an Action.Execute and returns
 * the card in the invoke's response.
 */
export function groupChat(bot: { app: RunningApp; connector: BotConnector }, conversationId: string, defaultUser: ChatUser) {
  let n = 0;
  const activity = (from: ChatUser, fields: Record<string, unknown>) => ({
    channelId: 'msteams', serviceUrl: bot.connector.serviceUrl, locale: 'en-US', id: `in-${++n}`,
    from, recipient: { id: 'bot-1', name: 'Customer Card' }, conversation: { id: conversationId, conversationType: 'groupChat' },
    ...fields,
  });
  const post = (body: object) => fetch(`${bot.app.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return {
    post,
    activity,
    async say(text: string, from = defaultUser): Promise<Card> {
      bot.connector.received.length = 0;
      expect((await post(activity(from, { type: 'message', text }))).status).toBe(200);
      return (bot.connector.received[0]!.activity.attachments as Array<{ content: Card }>)[0]!.content;
    },
    async press(pressed: Pick<CardAction, 'verb' | 'data'>, from = defaultUser): Promise<Card> {
      const response = await post(activity(from, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: pressed.verb, data: pressed.data } } }));
      expect(response.status).toBe(200);
      const invoke = (await response.json()) as { statusCode: number; type: string; value: Card };
      expect(invoke).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      return invoke.value;
    },
  };
}
