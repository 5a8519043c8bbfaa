import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../src/config';
import { loadInteractionCard } from '../src/domain/cards/customer-card';
import { DomainError } from '../src/domain/errors';
import type { Db } from '../src/store/db';
import { createAdapter } from './adapter';
import { CardDispatcher } from './card-dispatcher';
import { interactionCardAttachment } from './cards/render';
import { CustomerCardBot } from './customer-card-bot';
import { botT } from './i18n/bot-i18n';

export interface BotServices {
  adapter: CloudAdapter;
  bot: CustomerCardBot;
  /** Keeps the cards posted in chats current. */
  dispatcher: CardDispatcher;
}

export function botServices(config: Config, db: Db, log: Logger, options: { pollMs?: number } = {}): BotServices {
  const botLog = log.child({ component: 'bot' });
  const adapter = createAdapter(config.bot, botLog);
  const bot = new CustomerCardBot({ db, defaultPhoneRegion: config.defaultPhoneRegion, tabUrl: config.tabUrl, development: config.mode === 'development', log: botLog });
  const dispatcher = new CardDispatcher({
    db,
    adapter,
    appId: config.bot.appId ?? '',
    log: botLog,
    pollMs: options.pollMs,
    // Whoever followed it was allowed to see it; the card shows it to that chat whatever its division.
    render: async (interactionId, locale) => {
      try {
        const card = await loadInteractionCard(db, interactionId, '*');
        return interactionCardAttachment(card, { t: botT(locale), locale: locale ?? 'en-US', tabUrl: config.tabUrl });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'not_found') return null;
        throw error;
      }
    },
  });
  return { adapter, bot, dispatcher };
}
