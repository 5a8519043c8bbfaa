import { TeamsActivityHandler, TurnContext } from 'botbuilder';

export const WELCOME =
  'Hi! I am Customer Card. I will post customer cards into this chat and keep them current as ' +
  'conversations go on. Type **help** to see what I can do.';

export const HELP =
  'Customer Card is being set up: soon you can send me a name, phone number or e-mail address to ' +
  'see that customer\'s card, and follow interactions, queues or contacts in this chat.';

/** The bot in personal, group-chat and channel conversations. */
export class CustomerCardBot extends TeamsActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(isGreeting(messageText(context)) ? WELCOME : HELP);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      if (context.activity.membersAdded?.some((m) => m.id !== botId)) await context.sendActivity(WELCOME);
      await next();
    });
  }
}

/** The message text without the bot's @mention (group chats and channels mention the bot). */
function messageText(context: TurnContext): string {
  return (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '').trim();
}

const isGreeting = (text: string) => /^(hi|hello|hey|start)\b/i.test(text);
