import { z } from 'zod';
import { CHANNELS, DIRECTIONS } from '../domain/channels';
import { LIFECYCLE_EVENTS } from '../domain/interactions/lifecycle';
import { storable, storableText } from '../domain/text';

/** The events contract (shared/contracts/events.md) as a schema: the one definition of its types. */

export const EVENT_TYPES = [...LIFECYCLE_EVENTS, 'web.visit'] as const;

const text = (max: number) => storableText().trim().min(1).max(max);
const timestamp = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
/** The journey links the page: any other scheme (javascript:, data:, file:) would run or open something else. */
const journeyUrl = z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(4096).check(storable);

const agent = z.object({ id: text(256), name: text(256).optional() });

const contact = z.object({
  name: text(256).optional(),
  phone: text(64).optional(),
  email: text(320).optional(),
  social: z.object({ network: text(64), id: text(256) }).optional(),
  cookie: text(256).optional(),
  fields: z.record(storableText().max(128), storableText().max(4096)).optional(),
});

const hasIdentifier = (c: z.infer<typeof contact> | undefined) =>
  !!c && (c.phone !== undefined || c.email !== undefined || c.social !== undefined || c.cookie !== undefined);

const interaction = z.object({
  id: text(256),
  channel: z.enum(CHANNELS).optional(),
  division: text(256).optional(),
  direction: z.enum(DIRECTIONS).optional(),
  agent: agent.optional(),
  contact: contact.optional(),
});

const message = z.object({
  id: text(256),
  direction: z.enum(DIRECTIONS).optional(),
  subject: storableText().max(1000).optional(),
  text: storableText().max(200_000).default(''),
  sentAt: timestamp.optional(),
});

const base = {
  id: text(256),
  occurredAt: timestamp,
};

const startedEvent = z.object({
  ...base,
  type: z.literal('interaction.started'),
  interaction: interaction.extend({ channel: z.enum(CHANNELS), division: text(256) }).refine((i) => hasIdentifier(i.contact), {
    message: 'at least one of phone, email, social, cookie is required on interaction.started',
    path: ['contact'],
  }),
});

const messageEvent = z.object({ ...base, type: z.literal('interaction.message'), interaction, message });

const routingEvent = z.object({
  ...base,
  type: z.enum(['interaction.transferred', 'interaction.unassigned']),
  interaction,
  toAgent: agent.optional(),
});

const otherLifecycleEvent = z.object({
  ...base,
  type: z.enum(['interaction.assigned', 'interaction.acw_completed', 'interaction.ended']),
  interaction,
});

const webVisitEvent = z
  .object({
    ...base,
    type: z.literal('web.visit'),
    visit: z.object({ url: journeyUrl, title: storableText().max(1000).optional(), at: timestamp.optional() }),
    // The visitor may be given on its own or as the contact of a web interaction.
    contact: contact.optional(),
    interaction: interaction.partial({ id: true }).optional(),
  })
  .refine((e) => (e.contact ?? e.interaction?.contact)?.cookie !== undefined, {
    message: 'web.visit needs a contact with at least a cookie',
    path: ['contact', 'cookie'],
  });

export const ContactCenterEventSchema = z.discriminatedUnion(
  'type',
  [startedEvent, messageEvent, routingEvent, otherLifecycleEvent, webVisitEvent],
  { error: (issue) => (issue.code === 'invalid_union' ? `type must be one of: ${EVENT_TYPES.join(', ')}` : undefined) },
);

export type ContactCenterEvent = z.infer<typeof ContactCenterEventSchema>;
export type InteractionEvent = Exclude<ContactCenterEvent, { type: 'web.visit' }>;
export type WebVisitEvent = Extract<ContactCenterEvent, { type: 'web.visit' }>;
export type ProvidedContactInput = z.infer<typeof contact>;
