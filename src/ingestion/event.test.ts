import { ContactCenterEventSchema } from './event';

describe('the events contract schema', () => {
  it('refuses text PostgreSQL cannot store in any of its strings, naming the field', () => {
    const event = {
      id: 'evt_1',
      type: 'interaction.message',
      occurredAt: '2026-11-22T09:15:02.120Z',
      interaction: { id: 'int_1', contact: { fields: { city: 'Bar\u0000ton' } } },
      message: { id: 'msg_1', text: 'Hello \ud800' },
    };
    const paths = ContactCenterEventSchema.safeParse(event).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(['interaction.contact.fields.city', 'message.text']);
  });

  it.each(['https://classics.example/poetry', 'http://classics.example/'])('takes the journey URL %s', (url) => {
    const visit = { id: 'evt_2', type: 'web.visit', occurredAt: '2026-11-22T09:15:02.120Z', contact: { cookie: 'gc_1' }, visit: { url } };
    expect(ContactCenterEventSchema.safeParse(visit).success).toBe(true);
  });
});
