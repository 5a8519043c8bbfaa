import {
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type AppBasedLinkQuery,
  type Attachment,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { InteractionRecords } from '../src/crm/interaction-records';
import type { ActingUser } from '../src/domain/access/users';
import type { ContactService } from '../src/domain/contacts/contact-service';
import { loadInteractionCard } from '../src/domain/cards/customer-card';
import { DomainError } from '../src/domain/errors';
import { enqueueCardUpdate, follow, listFollows, saveConversation, unfollow, type FollowKind } from './chat-follows';
import type { DefaultPhoneRegion } from '../src/settings/app-settings';
import type { Db } from '../src/store/db';
import { cardOf, performCardAction } from './card-actions';
import { CardViews, type CardRef } from './card-views';
import { escapeMarkdown } from './cards/markdown';
import { matchesAttachment, messageAttachment, noMatchAttachment, type CardContext, type Notice } from './cards/render';
import { chatUser } from './chat-user';
import { botT, problemText } from './i18n/bot-i18n';
import { unfurlCardLink } from './link-unfurling';
import { lookupForChat } from './lookup';
import { searchCustomerCards } from './message-extension';
import type { Sharer } from './shared-card';

export interface BotDependencies {
  db: Db;
  records: InteractionRecords;
  contacts: ContactService;
  views: CardViews;
  defaultPhoneRegion: DefaultPhoneRegion;
  tabUrl: string;
  /** In development a chat user the tab has never seen acts as the development user. */
  development: boolean;
  log: Logger;
}

const FOLLOW = /^(follow|unfollow)\s+(interaction|division|contact)\s+(.+)$/i;

/** The bot in personal, group-chat and channel conversations. */
export class CustomerCardBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDependencies) {
    super();
    this.onMessage(async (context, next) => {
      const text = messageText(context);
      // A card shared from the compose box (a search result, an unfurled link) with no words for the bot: nothing to answer.
      if (text === '' && (context.activity.attachments?.length ?? 0) > 0) return next();
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
          if (error instanceof DomainError) return { text: escapeMarkdown(error.message) }; // may quote what was typed
          throw error;
        });
        await context.sendActivity(reply);
      } else if (/^(un)?follow\b/i.test(text)) {
        await context.sendActivity(ctx.t('follow.usage'));
      } else {
        const answer = await this.lookup(text, context, ctx).catch((error: unknown) => {
          if (error instanceof DomainError && error.code === 'forbidden') return messageAttachment(ctx.t('error.title'), escapeMarkdown(error.message));
          throw error;
        });
        await context.sendActivity({ attachments: [answer] });
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

  /**
   * Universal Actions (BOT-3): does what the pressed action asks as the user who pressed it, and
   * answers with the card as that user may see it, with a line saying what was done or why not.
   */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const ctx = this.cardContext(context);
    let ref: CardRef;
    try {
      ref = cardOf(invoke.action.data);
    } catch {
      return cardResponse(messageAttachment(ctx.t('error.title'), ctx.t('error.generic', { detail: ctx.t('error.unknownCard') })));
    }
    const user = await this.user(context);
    let notice: Notice | undefined;
    try {
      notice = await performCardAction(this.deps, user, invoke.action.verb, invoke.action.data, ctx.t);
    } catch (error) {
      notice = { style: 'attention', text: ctx.t('error.generic', { detail: this.readable(error, ctx) }) };
    }
    try {
      return cardResponse(await this.deps.views.render(ref, user, ctx, { notice, refreshUserIds: [context.activity.from.id] }));
    } catch (error) {
      const notFound = ref.cardKind === 'contact' ? ctx.t('error.notFound') : ctx.t('error.interactionNotFound');
      const detail = error instanceof DomainError && error.code === 'not_found' ? notFound : ctx.t('error.generic', { detail: this.readable(error, ctx) });
      return cardResponse(messageAttachment(ctx.t('error.title'), detail));
    }
  }

  /** The compose box's search for a customer card to insert (search-based message extension). */
  protected override async handleTeamsMessagingExtensionQuery(context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    return searchCustomerCards(this.deps, query, await this.sharer(context), this.cardContext(context));
  }

  /** A pasted link to a card in the tab, unfurled into the card (link unfurling). */
  protected override async handleTeamsAppBasedLinkQuery(context: TurnContext, query: AppBasedLinkQuery): Promise<MessagingExtensionResponse> {
    return unfurlCardLink(this.deps.db, query, await this.sharer(context), this.cardContext(context));
  }

  /** What went wrong in words for the card: what the API would say, in the user's language; anything unexpected is logged, not shown. */
  private readable(error: unknown, ctx: CardContext): string {
    const said = problemText(error, ctx.t);
    if (said !== undefined) return said;
    this.deps.log.error({ err: error }, 'card action failed');
    return ctx.t('problem.unexpected');
  }

  /** BOT-1: follow or stop following an interaction, a division or a contact in this chat. */
  private async changeFollow(context: TurnContext, ctx: CardContext, on: boolean, kind: FollowKind, target: string): Promise<Partial<Activity>> {
    const { db } = this.deps;
    const conversationId = context.activity.conversation.id;
    const user = await this.user(context);
    const { divisions } = user;
    let key = target;
    if (kind === 'interaction') {
      // Not found and not in the user's divisions read alike: the answer must not tell them apart.
      const seen = await loadInteractionCard(db, target, user).then(() => true, (error: unknown) => {
        if (error instanceof DomainError && error.code === 'not_found') return false;
        throw error;
      });
      if (!seen) return { text: ctx.t('follow.interactionNotFound', { id: target }) };
    } else if (kind === 'division' && divisions !== '*' && !divisions.includes(target)) {
      return { text: ctx.t('error.generic', { detail: target }) };
    } else if (kind === 'contact') {
      const answer = await lookupForChat(db, target, this.deps.defaultPhoneRegion, user);
      if (answer.kind !== 'one') return { attachments: [await this.lookup(target, context, ctx)] };
      key = answer.card.contact.id;
    }
    const what = ctx.t(`follow.${kind}`, { key: target });
    if (!on) return { text: ctx.t((await unfollow(db, conversationId, kind, key)) ? 'follow.unfollowed' : 'follow.notFollowing', { what }) };
    const { from } = context.activity;
    await follow(db, conversationId, kind, key, { id: from.id, name: from.name ?? from.id, aadObjectId: from.aadObjectId }); // whose view the chat gets
    // A followed interaction's card is posted at once; the rest appear as their interactions change.
    if (kind === 'interaction') await enqueueCardUpdate(db, conversationId, key);
    return { text: ctx.t('follow.followed', { what }) };
  }

  private async following(context: TurnContext, ctx: CardContext): Promise<Partial<Activity>> {
    const follows = await listFollows(this.deps.db, context.activity.conversation.id);
    if (follows.length === 0) return { text: ctx.t('follow.followsNothing') };
    return { text: ctx.t('follow.following', { list: follows.map((f) => ctx.t(`follow.${f.kind}`, { key: f.key })).join(', ') }) };
  }

  private async lookup(text: string, context: TurnContext, ctx: CardContext): Promise<Attachment> {
    const user = await this.user(context);
    const answer = await lookupForChat(this.deps.db, text, this.deps.defaultPhoneRegion, user);
    if (answer.kind === 'one') {
      const card: CardRef = { cardKind: 'contact', cardId: answer.card.contact.id };
      return this.deps.views.render(card, user, ctx, { refreshUserIds: [context.activity.from.id] });
    }
    if (answer.kind === 'many') return matchesAttachment(text, answer.matches, ctx);
    return noMatchAttachment(text, answer.createParams, ctx);
  }

  private user(context: TurnContext): Promise<ActingUser> {
    return chatUser(this.deps.db, context.activity.from, this.deps.development);
  }

  private async sharer(context: TurnContext): Promise<Sharer> {
    return { user: await this.user(context), teamsId: context.activity.from.id };
  }

  private cardContext(context: TurnContext): CardContext {
    const locale = context.activity.locale ?? 'en-US';
    return { t: botT(locale), locale, tabUrl: this.deps.tabUrl };
  }
}

function cardResponse(attachment: Attachment): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: attachment.content as Record<string, unknown> };
}

/** Where a message carries a card inserted from the compose box, its text holds this placeholder. */
const INSERTED_CARD = /<span class="inline-compose-card"[^>]*>(?:<span[^>]*><\/span>|\s)*<\/span>/g;

/** The message text without the bot's @mention (group chats and channels mention the bot) or inserted cards' placeholders. */
function messageText(context: TurnContext): string {
  const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return text.replace(/<at>[^<]*<\/at>/g, '').replace(INSERTED_CARD, '').trim(); // a mention without its entity still is not a name
}
