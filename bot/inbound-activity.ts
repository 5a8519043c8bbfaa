import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { findUnstorableText } from '../src/domain/text';

/**
 * The shape of an inbound activity, as far as botbuilder and the bot rely on it: what CloudAdapter
 * would otherwise meet as a TypeError mid-turn (a 500 with its message in an HTML page). Fields
 * nobody reads pass through untouched, as Teams adds new ones.
 */

/** Ids become keys of stored rows (bot_conversations): bounded well below an index entry's limit. */
const id = z.string().min(1).max(512);
const account = z.looseObject({ id, name: z.string().max(512).optional(), aadObjectId: z.string().max(128).optional() });
/** A Teams message is at most about 28 KB; the rest of the 1 MB body is cards and metadata. */
const MAX_TEXT = 40_000;

const entity = z.looseObject({ type: z.string().max(128) });
const mention = z.looseObject({ type: z.string(), mentioned: z.looseObject({ id: z.string() }), text: z.string().max(MAX_TEXT) });
const isMention = (e: z.infer<typeof entity>) => e.type.toLowerCase() === 'mention';

const InboundActivity = z
  .looseObject({
    type: z.string().min(1).max(64),
    id: z.string().max(512).optional(),
    name: z.string().max(256).optional(),
    channelId: z.string().min(1).max(64),
    // Replies go there: in production the token names it too (checked by the adapter).
    serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
    conversation: z.looseObject({ id, conversationType: z.string().max(64).optional(), tenantId: z.string().max(128).optional() }),
    from: account,
    recipient: account,
    text: z.string().max(MAX_TEXT).optional(),
    locale: z.string().max(64).optional(),
    timestamp: z.iso.datetime({ offset: true }).optional(),
    localTimestamp: z.iso.datetime({ offset: true }).optional(),
    expiration: z.iso.datetime({ offset: true }).optional(),
    membersAdded: z.array(account).max(1000).optional(),
    membersRemoved: z.array(account).max(1000).optional(),
    entities: z.array(entity).max(100).optional(),
    channelData: z.looseObject({ eventType: z.string().max(128).optional() }).optional(),
  })
  .superRefine((activity, ctx) => {
    activity.entities?.forEach((e, index) => {
      if (!isMention(e)) return;
      for (const issue of mention.safeParse(e).error?.issues ?? []) ctx.addIssue({ ...issue, path: ['entities', index, ...issue.path] });
    });
    // The bot takes its mention out of the text: a mention implies there is text.
    if (activity.text === undefined && activity.entities?.some(isMention)) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'a message mentioning someone has text' });
    }
    // botbuilder's Teams handler reads channelData.eventType on these without checking it is there.
    if (activity.channelId === 'msteams' && ['messageUpdate', 'messageDelete'].includes(activity.type) && !activity.channelData) {
      ctx.addIssue({ code: 'custom', path: ['channelData'], message: `Teams sends channelData with a ${activity.type}` });
    }
  });

export interface ActivityFault {
  field: string;
  message: string;
}

/**
 * The activity ready for the adapter (timestamps as Dates, the raw text kept, as botbuilder's own
 * validator leaves them), or what is wrong with it, naming each field. Text PostgreSQL cannot store
 * is refused anywhere in the activity: the bot stores parts of it (the conversation reference).
 */
export function parseInboundActivity(body: unknown): { activity: Activity } | { faults: ActivityFault[] } {
  const parsed = InboundActivity.safeParse(body);
  if (!parsed.success) return { faults: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message })) };
  const unstorable = findUnstorableText(parsed.data);
  if (unstorable) return { faults: [{ field: unstorable.path.join('.') || '(root)', message: unstorable.reason }] };
  const { timestamp, localTimestamp, expiration, ...rest } = parsed.data;
  const activity = {
    ...rest,
    ...(timestamp !== undefined && { timestamp: new Date(timestamp), rawTimestamp: timestamp }),
    ...(localTimestamp !== undefined && { localTimestamp: new Date(localTimestamp), rawLocalTimestamp: localTimestamp }),
    ...(expiration !== undefined && { expiration: new Date(expiration), rawExpiration: expiration }),
  };
  // botbuilder's types declare fields present (an account's name, …) that senders may omit, and the
  // bot does not rely on; botbuilder casts its parsed body the same way.
  return { activity: activity as unknown as Activity };
}
