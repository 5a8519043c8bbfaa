import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInApp } from '../test-utils';
import { Journey } from './Journey';
import { aCard, anInteraction, aSentMessage, aVisit } from './journey/test-factories';

const page = (path: string, title: string) => [`https://classics.example${path}`, title] as const;
const PAGES = [
  page('/', 'Classics, Inc.'),
  page('/account/orders', 'Your orders'),
  page('/account/orders/1811', 'Order 1811 status'),
  page('/help/shipping', 'Shipping and delivery'),
  page('/account/orders/1811', 'Order 1811 status again'),
  page('/help/contact', 'Contact us'),
  page('/poetry', 'Poetry'),
  page('/poetry/cowper', 'William Cowper'),
  page('/account/orders/1811', 'Order 1811 on the day'),
  page('/help/contact', 'Contact us today'),
];
/** Ten visits in four sessions over four days, and three interactions: the example. */
const VISIT_TIMES = [
  '2026-11-19T18:00', '2026-11-19T18:04', '2026-11-19T18:09',
  '2026-11-20T09:40', '2026-11-20T09:45', '2026-11-20T09:50',
  '2026-11-21T19:00', '2026-11-21T19:06',
  '2026-11-22T08:36', '2026-11-22T08:48',
];
const visits = VISIT_TIMES.map((time, i) => aVisit(`${time}:00.000Z`, PAGES[i]![1], PAGES[i]![0]));
const chat = anInteraction('chat-1', '2026-11-20T09:55:00.000Z', { channel: 'chat' });
const email = anInteraction('email-1', '2026-11-21T20:00:00.000Z', { channel: 'email' });
const call = anInteraction('call-1', '2026-11-22T08:54:00.000Z', { channel: 'voice', state: 'active' });
const card = aCard({ visits, interactions: [call, email, chat] });

const timeline = () => screen.getByRole('list', { name: /web visits/ });
const markers = () => within(timeline()).getAllByRole('button');
/** A marker's name, with the thin spaces Intl puts around a range's dash made plain. */
const nameOf = (marker: HTMLElement) => marker.getAttribute('aria-label')!.replace(/\s/g, ' ');

describe('Journey', () => {
  it('draws sessions and interactions in time order, under a summary of the whole journey', async () => {
    await renderInApp(<Journey card={card} currentInteractionId="call-1" />);
    expect(timeline()).toHaveAccessibleName('10 web visits and 3 interactions between Nov 19, 2026 and Nov 22, 2026');
    expect(markers().map(nameOf)).toEqual([
      '3 pages visited, Nov 19, 2026, 6:00 – 6:09 PM',
      '3 pages visited, Nov 20, 2026, 9:40 – 9:50 AM',
      'Chat, From customer, started Nov 20, 2026, 9:55 AM',
      '2 pages visited, Nov 21, 2026, 7:00 – 7:06 PM',
      'E-mail, From customer, started Nov 21, 2026, 8:00 PM',
      '2 pages visited, Nov 22, 2026, 8:36 – 8:48 AM',
      'Call, From customer, started Nov 22, 2026, 8:54 AM (current interaction)',
    ]);
  });

  it('marks the current interaction, and opens on its details', async () => {
    await renderInApp(<Journey card={card} currentInteractionId="call-1" />);
    expect(markers().filter((m) => /current interaction/.test(nameOf(m)))).toHaveLength(1);
    expect(within(timeline()).getByText('Current')).toBeInTheDocument();
    expect(screen.getByText('Active')).toBeInTheDocument(); // the call's state, in the details below
  });

  it('marks nothing as current on a card opened without an interaction', async () => {
    await renderInApp(<Journey card={card} />);
    expect(markers().map(nameOf).join('\n')).not.toMatch(/current/);
    expect(screen.queryByText('Current')).not.toBeInTheDocument();
  });

  it('lists every event for screen readers, each page of a session included', async () => {
    await renderInApp(<Journey card={card} currentInteractionId="call-1" />);
    const text = timeline().textContent!;
    for (const [, title] of PAGES) expect(text).toContain(title);
    const order = PAGES.map(([, title]) => text.indexOf(`${title},`));
    expect(order).not.toContain(-1);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(timeline()).toHaveAccessibleDescription(/arrow keys/);
  });

  it('is one tab stop, and the arrow keys reach every marker in time order', async () => {
    await renderInApp(<Journey card={card} currentInteractionId="call-1" />);
    const all = markers();
    await userEvent.tab();
    expect(all.at(-1)).toHaveFocus(); // enters at the current interaction
    await userEvent.keyboard('{Home}');
    expect(all[0]).toHaveFocus();
    for (const marker of all.slice(1)) {
      await userEvent.keyboard('{ArrowRight}');
      expect(marker).toHaveFocus();
    }
    await userEvent.keyboard('{ArrowRight}');
    expect(all.at(-1)).toHaveFocus(); // stays at the newest
    await userEvent.keyboard('{ArrowLeft}');
    expect(all.at(-2)).toHaveFocus();
    await userEvent.tab(); // leaves the timeline for the links of the session it was on
    expect(screen.getByRole('link', { name: 'Order 1811 on the day' })).toHaveFocus();
  });

  it('shows the details of the focused or hovered marker, pages as links', async () => {
    await renderInApp(<Journey card={card} currentInteractionId="call-1" />);
    await userEvent.tab();
    await userEvent.keyboard('{Home}');
    const link = screen.getByRole('link', { name: 'Your orders' });
    expect(link).toHaveAttribute('href', 'https://classics.example/account/orders');
    expect(screen.getByText('https://classics.example/account/orders')).toBeInTheDocument();

    await userEvent.hover(markers()[4]!);
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
    expect(screen.getByText('E-mail')).toBeInTheDocument();
    expect(screen.getByText('Started Nov 21, 2026, 8:00 PM · Elinor Dashwood')).toBeInTheDocument();
  });

  it('links only web pages: another URL (stored before the server refused them) is shown as plain text', async () => {
    const hostile = ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'vbscript:msgbox(1)', 'not a url'];
    const pages = [...hostile, 'https://classics.example/poetry'].map((url, i) => aVisit(`2026-11-19T18:0${i}:00.000Z`, `Page ${i}`, url));
    await renderInApp(<Journey card={aCard({ visits: pages })} />);
    await userEvent.tab();
    expect(screen.getAllByRole('link').map((link) => link.getAttribute('href'))).toEqual(['https://classics.example/poetry']);
    for (const [i, url] of hostile.entries()) {
      expect(screen.getByText(`Page ${i}`)).toBeInTheDocument();
      expect(screen.getByText(url)).toBeInTheDocument();
    }
  });

  it('shows the messages agents sent, once they were sent', async () => {
    const sentMessages = [
      aSentMessage('sent-1', '2026-11-21T21:00:00.000Z', { subject: 'Your order 1811' }),
      aSentMessage('sending-1', '2026-11-21T22:00:00.000Z', { status: 'sending', sentAt: null, channel: 'sms', to: '+18035550142' }),
      aSentMessage('failed-1', '2026-11-21T23:00:00.000Z', { status: 'failed', sentAt: null, channel: 'sms', to: '+18035550142' }),
    ];
    await renderInApp(<Journey card={aCard({ interactions: [email], sentMessages })} />);
    expect(screen.queryByRole('list', { name: /web visits/ })).not.toBeInTheDocument(); // the summary names what there is
    const list = screen.getByRole('list', { name: '1 interaction and 1 message sent on Nov 21, 2026' });
    expect(within(list).getAllByRole('button').map(nameOf)).toEqual([
      'E-mail, From customer, started Nov 21, 2026, 8:00 PM',
      'E-mail sent to ed.ferrars@norland.example, Nov 21, 2026, 9:00 PM',
    ]);
    expect(screen.getByText('Your order 1811')).toBeInTheDocument(); // the newest marker's details
  });

  it('says so when there is nothing to draw', async () => {
    await renderInApp(<Journey card={aCard({})} />);
    expect(screen.getByText('No web visits or interactions yet.')).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });

  it('speaks the user\'s language, with dates in their locale', async () => {
    await renderInApp(<Journey card={card} currentInteractionId="call-1" />, { locale: 'de-DE' });
    expect(screen.getByRole('list', { name: '10 Webseitenbesuche und 3 Interaktionen vom 19.11.2026 bis zum 22.11.2026' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Anruf, Vom Kunden, Beginn 22.11.2026, 08:54 (aktuelle Interaktion)' })).toBeInTheDocument();
    expect(screen.getByText('22. Nov.')).toBeInTheDocument(); // a day on the axis
  });
});
