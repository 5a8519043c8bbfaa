import type { Logger } from 'pino';
import type { Config } from '../src/config';
import type { InteractionRecords } from '../src/crm/interaction-records';
import type { ContactService } from '../src/domain/contacts/contact-service';
import { followChanges } from '../src/domain/changes';
import { DomainError } from '../src/domain/errors';
import type { DefaultPhoneRegion } from '../src/settings/app-settings';
import type { Db } from '../src/store/db';
import { createAdapter, type BotAdapter } from './adapter';
import { CardDispatcher } from './card-dispatcher';
import { CardViews } from './card-views';
import { chatAudience } from './chat-audience';
import { chatCardUpdates } from './chat-follows';
import { teamsLimits, TeamsRateLimiter } from './rate-limits';
import { countTurnSends } from './turn-send-counter';
import { CustomerCardBot } from './customer-card-bot';
import { botT } from './i18n/bot-i18n';

export interface BotServices {
  adapter: BotAdapter;
  bot: CustomerCardBot;
  /** Keeps the cards posted in chats current. */
  dispatcher: CardDispatcher;
}

/** The services a card action uses, the same the tab's API uses (src/composition.ts builds them once). */
export interface BotUseCases {
  records: InteractionRecords;
  contacts: ContactService;
}

export interface BotOptions {
  /** The one setting the composition root built, as ingestion and the API read it. */
  defaultPhoneRegion: DefaultPhoneRegion;
  pollMs?: number;
}

export function botServices(config: Config, db: Db, { records, contacts }: BotUseCases, log: Logger, options: BotOptions): BotServices {
  // Wherever the bot is assembled, every card change marks the cards it posted in chats stale.
  followChanges(chatCardUpdates);
  const botLog = log.child({ component: 'bot' });
  const adapter = createAdapter(config.bot, botLog);
  const limiter = new TeamsRateLimiter({ db, limits: teamsLimits(config.bot.tenantRequestsPerSecond), log: botLog });
  adapter.use(countTurnSends(limiter));
  const views = new CardViews({ db, records, log: botLog });
  const development = config.mode === 'development';
  const bot = new CustomerCardBot({
    db, records, contacts, views, defaultPhoneRegion: options.defaultPhoneRegion, tabUrl: config.tabUrl, development, log: botLog,
  });
  const dispatcher = new CardDispatcher({
    db,
    adapter,
    appId: config.bot.appId ?? '',
    limiter,
    log: botLog,
    pollMs: options.pollMs,
    // A chat is shown what the followers who brought the interaction there may see; when none may,
    // nothing is posted and the stale row goes.
    render: async (interactionId, conversationId, locale) => {
      try {
        const audience = await chatAudience(db, conversationId, interactionId, development);
        if (!audience) return null;
        return await views.renderForChat(interactionId, audience, { t: botT(locale), locale: locale ?? 'en-US', tabUrl: config.tabUrl });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'not_found') return null;
        throw error;
      }
    },
  });
  return { adapter, bot, dispatcher };
}
