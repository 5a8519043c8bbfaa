import {
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Attachment,
} from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import { loadCustomerCard, loadInteractionCard, type DivisionFilter } from '../src/domain/cards/customer-card';
import { DomainError } from '../src/domain/errors';
import { enqueueCardUpdates, follow, listFollows, saveConversation, unfollow, type FollowKind } from '../src/realtime/chat-follows';
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
const FOLLOW = /^(follow|unfollow)\s+(interaction|division|contact)\s+(.+)$/i;

/** The bot in personal, group-chat and channel conversations. */
export class CustomerCardBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDependencies) {
    super();
    this.onMessage(async (context, next) => {
      const text = messageText(context);
      const ctx = this.cardContext(context);
      // Without the incoming activity's id: cards are new posts in the chat, not replies to that message.
      const reference = { ...TurnContext.getConversationReference(context.activity), activityId: undefined, locale: context.activity.locale };
      await saveConversation(deps.db, context.activity.conversation.id, reference);
      const follow = FOLLOW.exec(text);
      if (text === '' || /^(help|hi|hello|hey|start)$/i.test(text)) {
        await context.sendActivity({ attachments: [messageAttachment(ctx.t('help.title'), ctx.t('help.body'))] });
      } else if (/^following$/i.test(text)) {
        await context.sendActivity(await this.following(context, ctx));
      } else if (follow) {
        const on = follow[1]!.toLowerCase() === 'follow';
        const reply = await this.changeFollow(context, ctx, on, follow[2]!.toLowerCase() as FollowKind, follow[3]!.trim()).catch((error: unknown) => {
          if (error instanceof DomainError) return { text: error.message };
          throw error;
        });
        await context.sendActivity(reply);
      } else if (/^(un)?follow\b/i.test(text)) {
        await context.sendActivity(ctx.t('follow.usage'));
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

  /** BOT-1: follow or stop following an interaction, a division or a contact in this chat. */
  private async changeFollow(context: TurnContext, ctx: CardContext, on: boolean, kind: FollowKind, target: string): Promise<Partial<Activity>> {
    const { db } = this.deps;
    const conversationId = context.activity.conversation.id;
    const divisions = await this.divisions(context);
    let key = target;
    if (kind === 'interaction') {
      await loadInteractionCard(db, target, divisions).catch(() => {
        throw new DomainError('not_found', ctx.t('error.notFound'));
      });
    } else if (kind === 'division' && divisions !== '*' && !divisions.includes(target)) {
      return { text: ctx.t('error.generic', { detail: target }) };
    } else if (kind === 'contact') {
      const answer = await lookupForChat(db, target, this.deps.defaultPhoneRegion, divisions);
      if (answer.kind !== 'one') return { attachments: [await this.lookup(target, context, ctx)] };
      key = answer.card.contact.id;
    }
    const what = ctx.t(`follow.${kind}`, { key: target });
    if (!on) return { text: ctx.t((await unfollow(db, conversationId, kind, key)) ? 'follow.unfollowed' : 'follow.notFollowing', { what }) };
    await follow(db, conversationId, kind, key, context.activity.from.name ?? context.activity.from.id);
    // A followed interaction's card is posted at once; the rest appear as their interactions change.
    if (kind === 'interaction') await db.transaction((tx) => enqueueCardUpdates(tx, key, '', null));
    return { text: ctx.t('follow.followed', { what }) };
  }

  private async following(context: TurnContext, ctx: CardContext): Promise<Partial<Activity>> {
    const follows = await listFollows(this.deps.db, context.activity.conversation.id);
    if (follows.length === 0) return { text: ctx.t('follow.followsNothing') };
    return { text: ctx.t('follow.following', { list: follows.map((f) => ctx.t(`follow.${f.kind}`, { key: f.key })).join(', ') }) };
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
