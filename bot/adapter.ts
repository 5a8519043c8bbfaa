import { CloudAdapter, ConfigurationBotFrameworkAuthentication, StatusCodes, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { Logger } from 'pino';
import type { Config } from '../src/config';
import { isStoreUnavailable } from '../src/store/unavailable';
import { botT } from './i18n/bot-i18n';
import { COUNTED_BY_SENDER } from './turn-send-counter';

/**
 * The Bot Framework adapter. With a bot app id it accepts only activities carrying a valid Bot
 * Framework token; without one (development mode only, enforced by config) authentication is off.
 */
export function createAdapter(bot: Config['bot'], log: Logger): BotAdapter {
  const auth = new BadTokensUnauthorized({
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.appPassword ?? '',
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId ?? '',
    ...(bot.openIdMetadataUrl && { ToBotFromChannelOpenIdMetadataUrl: bot.openIdMetadataUrl }),
    ...(bot.tokenIssuer && { ToBotFromChannelTokenIssuer: bot.tokenIssuer }),
  });
  const adapter = new BotAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // The card dispatcher's own turn: retrying or dropping its card is the dispatcher's call (a 429
    // with Retry-After included); no apology goes to the chat.
    if (context.turnState.get(COUNTED_BY_SENDER)) throw error;
    const t = botT(context.activity.locale);
    if (isStoreUnavailable(error)) {
      // The user hears why; the endpoint answers 503 with Retry-After, as every route does in an outage.
      await context.sendActivity(t('error.storeUnavailable')).catch(() => undefined);
      throw error;
    }
    log.error({ err: error, activityType: context.activity.type }, 'bot turn failed');
    await context.sendActivity(t('error.turnFailed'));
  };
  return adapter;
}

/**
 * CloudAdapter, with one inbound activity's turn open to the bot endpoint: its own `process` answers
 * errors with their messages as text/html, where the endpoint answers problem details.
 */
export class BotAdapter extends CloudAdapter {
  /** Authenticates the activity and runs its turn; rejects with an AuthenticationError for a refused token. */
  runActivity(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/**
 * botbuilder passes jsonwebtoken's own errors (a bad signature, a token not yet valid) through as they
 * are, and CloudAdapter answers anything but an AuthenticationError with 500: they are 401s.
 */
class BadTokensUnauthorized extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      const name = (error as { name?: unknown }).name;
      if (name === 'JsonWebTokenError' || name === 'NotBeforeError') {
        throw new AuthenticationError(`Unauthorized: ${(error as Error).message}`, StatusCodes.UNAUTHORIZED);
      }
      throw error;
    }
  }
}
