import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../src/config';

/**
 * The Bot Framework adapter. With a bot app id it accepts only activities carrying a valid Bot
 * Framework token; without one (development mode only, enforced by config) authentication is off.
 */
export function createAdapter(bot: Config['bot'], log: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.appPassword ?? '',
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    log.error({ err: error, activityType: context.activity.type }, 'bot turn failed');
    await context.sendActivity('Sorry, something went wrong on our side. Please try again.');
  };
  return adapter;
}
