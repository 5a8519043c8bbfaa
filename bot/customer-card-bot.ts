import {
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Attachment,
} from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import { loadCustomerCard, type DivisionFilter } from '../src/domain/cards/customer-card';
import { DomainError } from '../src/domain/errors';
import type { Db } from '../src/store/db';
import { customerCardAttachment, matchesAttachment, messageAttachment, noMatchAttachment, type CardContext } from './cards/render';
import { botT } from './i18n/bot-i18n';
import { lookupForChat } from './lookup';

export interface BotDependencies {
  db: Db;
  defaultPhoneRegion: string;
  tabUrl: string;
  /** In development every chat user sees every division (there is no token with roles). */
  development: boolean;
  log: Logger;
}

const ShowCard = z.object({ contactId: z.uuid() });

/** The bot in personal, group-chat and channel conversations. */
export class CustomerCardBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDependencies) {
    super();
    this.onMessage(async (context, next) => {
      const text = messageText(context);
      const ctx = this.cardContext(context);
      if (text === '' || /^(help|hi|hello|hey|start)$/i.test(text)) {
        await context.sendActivity({ attachments: [messageAttachment(ctx.t('help.title'), ctx.t('help.body'))] });
      } else {
        await context.sendActivity({ attachments: [await this.lookup(text, context, ctx)] });
      }
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      if (context.activity.membersAdded?.some((m) => m.id !== botId)) {
        const { t } = this.cardContext(context);
        await context.sendActivity({ attachments: [messageAttachment(t('help.title'), t('help.body'))] });
      }
      await next();
    });
  }

  /** Universal Actions (Action.Execute): the answer is the card to show in place. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const ctx = this.cardContext(context);
    try {
      if (invoke.action.verb !== 'showCard') throw new DomainError('invalid', `unknown action ${invoke.action.verb}`);
      const { contactId } = ShowCard.parse(invoke.action.data);
      const card = await loadCustomerCard(this.deps.db, contactId, await this.divisions(context));
      return cardResponse(customerCardAttachment(card, ctx));
    } catch (error) {
      // Never a generic failure: the card says what went wrong, in the user's language.
      const detail = error instanceof DomainError && error.code === 'not_found' ? ctx.t('error.notFound') : ctx.t('error.generic', { detail: (error as Error).message });
      if (!(error instanceof DomainError) && !(error instanceof z.ZodError)) this.deps.log.error({ err: error }, 'card action failed');
      return cardResponse(messageAttachment(ctx.t('error.title'), detail));
    }
  }

  private async lookup(text: string, context: TurnContext, ctx: CardContext): Promise<Attachment> {
    const answer = await lookupForChat(this.deps.db, text, this.deps.defaultPhoneRegion, await this.divisions(context));
    if (answer.kind === 'one') return customerCardAttachment(answer.card, ctx);
    if (answer.kind === 'many') return matchesAttachment(text, answer.matches, ctx);
    return noMatchAttachment(text, answer.createParams, ctx);
  }

  /** Whose interactions the chat user may see: their divisions (by Entra object id). */
  private async divisions(context: TurnContext): Promise<DivisionFilter> {
    if (this.deps.development) return '*';
    const userId = context.activity.from.aadObjectId;
    if (!userId) return [];
    const rows = await this.deps.db.query<{ division: string }>('SELECT division FROM user_divisions WHERE user_id = $1', [userId]);
    return rows.map((r) => r.division);
  }

  private cardContext(context: TurnContext): CardContext {
    const locale = context.activity.locale ?? 'en-US';
    return { t: botT(locale), locale, tabUrl: this.deps.tabUrl };
  }
}

function cardResponse(attachment: Attachment): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: attachment.content as Record<string, unknown> };
}

/** The message text without the bot's @mention (group chats and channels mention the bot). */
function messageText(context: TurnContext): string {
  const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return text.replace(/<at>[^<]*<\/at>/g, '').trim(); // a mention without its entity still is not a name
}
