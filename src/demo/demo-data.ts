import { insertContact } from '../domain/contacts/contacts-store';
import { normalizePhone } from '../domain/identity/identifiers';
import { ContactCenterEventSchema } from '../ingestion/event';
import { ingestEvent, type IngestContext } from '../ingestion/ingest';
import type { Db, Queryable } from '../store/db';

/**
 * Demo data for Classics, Inc. (PRODUCT.md MERGE-4): agent Elinor Dashwood is on a call with Edward
 * Ferrars, who e-mailed the day before from another identity, so he has two cards to merge. Around
 * them, contacts on every channel and in two divisions, and the Alexis / David shared-number case (ID-4).
 * It goes through the same ingestion path as real events.
 */

const ELINOR = { id: 'elinor.dashwood@classics.example', name: 'Elinor Dashwood' };
const MARGARET = { id: 'margaret.dashwood@classics.example', name: 'Margaret Dashwood' };

type Payload = Record<string, unknown>;

export async function loadDemoDataOnce(db: Db, ctx: IngestContext, now = new Date()): Promise<boolean> {
  const [state] = await db.query<{ empty: boolean }>(
    'SELECT NOT EXISTS (SELECT 1 FROM contacts) AND NOT EXISTS (SELECT 1 FROM events) AS empty',
  );
  if (!state?.empty) return false;

  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
  const year = now.getUTCFullYear() - (now.getUTCMonth() < 3 ? 1 : 0);
  await db.transaction(async (tx) => {
    const phone = normalizePhone('+1 803-123-0000', 'US');
    await insertContact(tx, { type: 'curated', name: 'Alexis Grant', identifiers: [{ kind: 'phone', value: phone }], createdAt: new Date(Date.UTC(year, 1, 4, 9)) });
    await insertContact(tx, { type: 'curated', name: 'David Grant', identifiers: [{ kind: 'phone', value: phone }], createdAt: new Date(Date.UTC(year, 2, 20, 9)) });
    await builtinCrmRecords(tx);
  });

  for (const payload of demoEvents(at)) {
    await ingestEvent(db, ContactCenterEventSchema.parse(payload), payload, ctx);
  }
  return true;
}

/** The built-in CRM's records: Edward's household at Norland Park, and Lucy Steele as a lead. */
async function builtinCrmRecords(tx: Queryable): Promise<void> {
  const [norland] = await tx.query<{ id: string }>(
    `INSERT INTO crm_records (type, name, fields) VALUES ('account', 'Norland Park', '{"city": "Sussex"}') RETURNING id`,
  );
  const [edward] = await tx.query<{ id: string }>(
    `INSERT INTO crm_records (type, name, phones, emails, parent_id) VALUES ('contact', 'Edward Ferrars', '{+18035550142}', '{ed.ferrars@norland.example}', $1) RETURNING id`,
    [norland!.id],
  );
  await tx.query(`INSERT INTO crm_records (type, name, parent_id) VALUES ('contact', 'Robert Ferrars', $1), ('contact', 'Fanny Dashwood', $1)`, [norland!.id]);
  await tx.query(`INSERT INTO crm_records (type, name, fields, parent_id) VALUES ('case', 'Order 1811 not delivered', '{"status": "Open"}', $1)`, [edward!.id]);
  await tx.query(`INSERT INTO crm_records (type, name, phones, fields) VALUES ('lead', 'Lucy Steele', '{+447700900123}', '{"company": "Steele & Co."}')`);
}

function demoEvents(at: (minutesAgo: number) => string): Payload[] {
  const events: Payload[] = [];
  let n = 0;
  const emit = (type: string, minutesAgo: number, interaction: Payload, extra: Payload = {}) =>
    events.push({ id: `demo_evt_${++n}`, type, occurredAt: at(minutesAgo), interaction, ...extra });
  const message = (id: string, direction: string, text: string, minutesAgo: number, subject?: string) => ({
    message: { id, direction, text, sentAt: at(minutesAgo), ...(subject ? { subject } : {}) },
  });
  const visit = (id: string, minutesAgo: number, contact: Payload, url: string, title: string) =>
    events.push({ id, type: 'web.visit', occurredAt: at(minutesAgo), contact, visit: { url, title, at: at(minutesAgo) } });

  // Yesterday: Edward e-mails about his order, signing as "Ed Ferrars".
  const email = {
    id: 'demo-email-edward', channel: 'email', division: 'support-emea', direction: 'inbound', agent: ELINOR,
    contact: { name: 'Ed Ferrars', email: 'Ed.Ferrars@Norland.example' },
  };
  emit('interaction.started', 1500, email);
  emit('interaction.message', 1500, email, message('m1', 'inbound', 'Hello, I ordered the complete works of Cowper three weeks ago and nothing has arrived yet. Could you look into it?', 1500, 'My order of the complete works'));
  emit('interaction.message', 1440, email, message('m2', 'outbound', 'Dear Mr Ferrars, thank you for writing. I am checking with our warehouse and will come back to you.', 1440, 'Re: My order of the complete works'));
  emit('interaction.unassigned', 1430, email);
  emit('interaction.ended', 1430, email);

  // Today: Edward calls; Elinor is on the call.
  const call = {
    id: 'demo-call-edward', channel: 'voice', division: 'support-emea', direction: 'inbound', agent: ELINOR,
    contact: { name: 'Edward Ferrars', phone: '(803) 555-0142', fields: { city: 'Barton' } },
  };
  emit('interaction.started', 6, call);
  emit('interaction.assigned', 5, call);
  edwardsJourney({ emit, message, visit });

  // Lucy Steele writes by SMS to sales in North America.
  const sms = {
    id: 'demo-sms-lucy', channel: 'sms', division: 'sales-na', direction: 'inbound', agent: MARGARET,
    contact: { name: 'Lucy Steele', phone: '+44 7700 900123' },
  };
  emit('interaction.started', 90, sms);
  emit('interaction.message', 90, sms, message('s1', 'inbound', 'Hi, is the leather-bound edition still on offer?', 90));
  emit('interaction.message', 85, sms, message('s2', 'outbound', 'It is, until Friday. Shall I reserve one for you?', 85));
  emit('interaction.message', 80, sms, message('s3', 'inbound', 'Yes please!', 80));

  // Lucy Steele then e-mails from an address no card holds: a second card, with the same name, that
  // each card offers as a possible duplicate (MERGE-8) until an agent merges or dismisses it.
  const lucysEmail = {
    id: 'demo-email-lucy', channel: 'email', division: 'sales-na', direction: 'inbound', agent: MARGARET,
    contact: { name: 'Lucy Steele', email: 'lucy@steele-family.example' },
  };
  emit('interaction.started', 70, lucysEmail);
  emit('interaction.message', 70, lucysEmail, message('le1', 'inbound', 'Please send the invoice for the leather-bound edition to this address.', 70, 'Invoice, please'));

  // Colonel Brandon on Facebook Messenger.
  const social = {
    id: 'demo-social-brandon', channel: 'social', division: 'support-emea', direction: 'inbound', agent: ELINOR,
    contact: { name: 'Christopher Brandon', social: { network: 'facebook', id: '100012345' } },
  };
  emit('interaction.started', 240, social);
  emit('interaction.message', 240, social, message('f1', 'inbound', 'Good afternoon. Do you ship to Delaford?', 240));
  emit('interaction.transferred', 230, social, { toAgent: MARGARET });

  // Marianne Dashwood browses, then opens a web chat with her e-mail address.
  const visitor = { cookie: 'gc_marianne' };
  const pages = [
    ['https://classics.example/poetry', 'Poetry'],
    ['https://classics.example/poetry/cowper', 'William Cowper – Collected Poems'],
    ['https://classics.example/help/shipping', 'Shipping and delivery'],
  ];
  pages.forEach(([url, title], i) =>
    events.push({ id: `demo_visit_${i + 1}`, type: 'web.visit', occurredAt: at(40 - i * 3), contact: visitor, visit: { url, title, at: at(40 - i * 3) } }),
  );
  const chat = {
    id: 'demo-chat-marianne', channel: 'chat', division: 'support-emea', direction: 'inbound', agent: ELINOR,
    contact: { name: 'Marianne Dashwood', email: 'marianne@barton-cottage.example', cookie: 'gc_marianne' },
  };
  emit('interaction.started', 30, chat);
  emit('interaction.message', 30, chat, message('c1', 'inbound', 'Hello! Is the Cowper collection available as a gift set?', 30));

  // John Willoughby only browses: an ephemeral visitor known by a cookie.
  events.push({ id: 'demo_visit_w1', type: 'web.visit', occurredAt: at(20), contact: { cookie: 'gc_willoughby' }, visit: { url: 'https://classics.example/gifts', title: 'Gifts', at: at(20) } });

  // A voicemail from the number Alexis and David share: it attaches to Alexis, created first.
  const voicemail = {
    id: 'demo-voicemail-grant', channel: 'voicemail', division: 'sales-na', direction: 'inbound',
    contact: { phone: '803 123 0000' },
  };
  emit('interaction.started', 120, voicemail);

  return events;
}

interface DemoEvents {
  emit(type: string, minutesAgo: number, interaction: Payload, extra?: Payload): void;
  message(id: string, direction: string, text: string, minutesAgo: number, subject?: string): Payload;
  visit(id: string, minutesAgo: number, contact: Payload, url: string, title: string): void;
}

/**
 * Edward's journey (JOURNEY-1): ten pages of classics.example over four days, and a web chat two
 * days ago in which he gave his phone number. Emitted after his call, which so creates his card
 * (with the city it carries); the chat then ties his browser's cookie to that card, and the visits
 * follow the cookie there.
 */
function edwardsJourney({ emit, message, visit }: DemoEvents): void {
  const cookie = 'gc_edward';
  const chat = {
    id: 'demo-chat-edward', channel: 'chat', division: 'support-emea', direction: 'inbound', agent: MARGARET,
    contact: { name: 'Edward Ferrars', phone: '(803) 555-0142', cookie },
  };
  emit('interaction.started', 2890, chat);
  emit('interaction.message', 2890, chat, message('e1', 'inbound', 'Good evening. Order 1811 still says "being prepared". Has it been sent?', 2890));
  emit('interaction.message', 2886, chat, message('e2', 'outbound', 'Good evening, Mr Ferrars. It has not left the warehouse yet; I have asked them to hurry it along.', 2886));
  emit('interaction.ended', 2880, chat);

  const site = 'https://classics.example';
  const order = [`${site}/account/orders/1811`, 'Order 1811 status — Classics, Inc.'] as const;
  const contactUs = [`${site}/help/contact`, 'Contact us — Classics, Inc.'] as const;
  const pages: Array<[minutesAgo: number, page: readonly [url: string, title: string]]> = [
    [4330, [`${site}/`, 'Classics, Inc. — Books that last']],
    [4326, [`${site}/account/orders`, 'Your orders — Classics, Inc.']],
    [4321, order],
    [2905, [`${site}/help/shipping`, 'Shipping and delivery — Classics, Inc.']],
    [2900, order],
    [2895, contactUs],
    [1560, [`${site}/poetry`, 'Poetry — Classics, Inc.']],
    [1554, [`${site}/poetry/cowper`, 'William Cowper, The Complete Works — Classics, Inc.']],
    [18, order],
    [11, contactUs],
  ];
  pages.forEach(([minutesAgo, [url, title]], i) => visit(`demo_visit_edward_${i + 1}`, minutesAgo, { cookie }, url, title));
}
