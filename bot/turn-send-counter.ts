import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { TeamsRateLimiter } from './rate-limits';

/** Turn state flag: this context's sends are counted by whoever sends them (the card dispatcher). */
export const COUNTED_BY_SENDER = Symbol('countedBySender');

/** Not requests to the Bot Connector: the invoke response rides on the HTTP answer, a delay is local. */
const NOT_SENT = new Set<string>([ActivityTypes.InvokeResponse, 'delay']);

/**
 * Counts what the bot sends in turns (replies, updates) against Teams' limits: a reply cannot wait,
 * but Teams counts it, so the card dispatcher must leave room for it. Counted once sent (one store
 * write per batch, after the reply, so the reply is not delayed): the dispatcher's headroom covers
 * a reply still in flight.
 */
export function countTurnSends(limiter: TeamsRateLimiter): Middleware {
  const counted = async <T>(context: TurnContext, requests: number, send: () => Promise<T>): Promise<T> => {
    if (context.turnState.get(COUNTED_BY_SENDER) || requests === 0) return send();
    try {
      return await send();
    } finally {
      await limiter.count(context.activity.conversation.id, requests);
    }
  };
  return {
    async onTurn(context, next) {
      context.onSendActivities((ctx, activities, send) => counted(ctx, activities.filter((a) => !NOT_SENT.has(a.type ?? '')).length, send));
      context.onUpdateActivity((ctx, _activity, send) => counted(ctx, 1, send));
      await next();
    },
  };
}
