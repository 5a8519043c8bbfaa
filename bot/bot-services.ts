import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../src/config';
import type { InteractionRecords } from '../src/crm/interaction-records';
import { DomainError } from '../src/domain/errors';
import { followerIds } from '../src/realtime/chat-follows';
import { defaultPhoneRegionSetting } from '../src/settings/app-settings';
import type { Db } from '../src/store/db';
import { createAdapter } from './adapter';
import { CardDispatcher } from './card-dispatcher';
import { CardViews } from './card-views';
import { teamsLimits, TeamsRateLimiter } from './rate-limits';
import { countTurnSends } from './turn-send-counter';
import { CustomerCardBot } from './customer-card-bot';
import { botT } from './i18n/bot-i18n';

export interface BotServices {
  adapter: CloudAdapter;
  bot: CustomerCardBot;
  /** Keeps the cards posted in chats current. */
  dispatcher: CardDispatcher;
}

export function botServices(config: Config, db: Db, records: InteractionRecords, log: Logger, options: { pollMs?: number } = {}): BotServices {
  const botLog = log.child({ component: 'bot' });
  const adapter = createAdapter(config.bot, botLog);
  const limiter = new TeamsRateLimiter(teamsLimits(config.bot.tenantRequestsPerSecond));
  adapter.use(countTurnSends(limiter));
  const views = new CardViews({ db, records, log: botLog });
  const bot = new CustomerCardBot({
    db, records, views, defaultPhoneRegion: defaultPhoneRegionSetting(config.defaultPhoneRegion), tabUrl: config.tabUrl, development: config.mode === 'development', log: botLog,
  });
  const dispatcher = new CardDispatcher({
    db,
    adapter,
    appId: config.bot.appId ?? '',
    limiter,
    log: botLog,
    pollMs: options.pollMs,
    // Whoever followed it was allowed to see it; the card shows it to that chat whatever its division,
    // without actions; the followers' clients refresh it to their own view with the actions they may use.
    render: async (interactionId, conversationId, locale) => {
      try {
        const ctx = { t: botT(locale), locale: locale ?? 'en-US', tabUrl: config.tabUrl };
        return await views.render({ cardKind: 'interaction', cardId: interactionId }, null, ctx, { refreshUserIds: await followerIds(db, conversationId) });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'not_found') return null;
        throw error;
      }
    },
  });
  return { adapter, bot, dispatcher };
}
