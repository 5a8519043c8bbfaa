import { AdaptiveCard, SerializationContext, ValidationPhase, Version, Versions } from 'adaptivecards';
import { botCards, CARD_LOCALES } from '../../test/support/bot-cards';
import { MAX_CARD_BYTES } from './render';

// The SDK's lib/ is ES modules under a CommonJS package, which Jest cannot load: its UMD build is the same code.
jest.mock('adaptivecards', () => jest.requireActual('adaptivecards/dist/adaptivecards.js'));

/** The newest card version Teams renders everywhere (desktop, web, mobile). */
const TEAMS_VERSION = Versions.v1_5;

/** What the Adaptive Cards SDK finds wrong with a card: every parse warning or error, and every validation failure. */
function problemsOf(json: object): string[] {
  const card = new AdaptiveCard();
  const context = new SerializationContext(TEAMS_VERSION);
  card.parse(json, context);
  const parsed = Array.from({ length: context.eventCount }, (_, n) => context.getEventAt(n));
  const validated = card.validateProperties().validationEvents;
  return [...parsed, ...validated].map((e) => `${ValidationPhase[e.phase]}: ${e.message}`);
}

const cards = CARD_LOCALES.flatMap((locale) => botCards(locale).map((card) => ({ ...card, locale })));

describe('every card the bot sends, as the Adaptive Cards SDK reads it', () => {
  it.each(cards.map((c) => [c.name, c.locale, c] as const))('%s in %s parses without a warning and validates', (_name, _locale, { content }) => {
    expect(problemsOf(content)).toEqual([]);
  });

  it.each(cards.map((c) => [c.name, c.locale, c] as const))('%s in %s is a version Teams renders, within the size limit', (_name, _locale, { content, cut }) => {
    const version = Version.parse((content as { version: string }).version, new SerializationContext());
    expect(version?.isValid).toBe(true);
    expect(version!.compareTo(TEAMS_VERSION)).toBeLessThanOrEqual(0);
    const bytes = new TextEncoder().encode(JSON.stringify(content)).byteLength;
    expect(bytes).toBeLessThanOrEqual(MAX_CARD_BYTES);
    // A card built from more than fits was cut: by its size (it comes close to the limit), or its long values were cut short.
    if (cut) expect(bytes > MAX_CARD_BYTES / 2 || JSON.stringify(content).includes('…')).toBe(true);
  });

  it('tells an unknown element type or an invalid property value apart (the check itself works)', () => {
    const [small] = botCards('en-US');
    const card = small!.content as { body: object[] };
    expect(problemsOf({ ...card, body: [...card.body, { type: 'TextBox', text: 'x' }] })).not.toEqual([]);
    expect(problemsOf({ ...card, body: [...card.body, { type: 'TextBlock', text: 'x', size: 'Huge' }] })).not.toEqual([]);
    expect(problemsOf({ ...card, version: '1.9' })).not.toEqual([]);
  });
});
