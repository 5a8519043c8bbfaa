import { tokens } from '@fluentui/react-components';
import { AdaptiveCard, HostConfig, type IMarkdownProcessingResult } from 'adaptivecards';

/*
 * How Teams shows a card, for the Adaptive Cards SDK in the tab: Teams' type ramp and spacing, and the
 * colours of the Fluent UI Teams theme the tab runs in. The colours are Fluent's CSS variables, so the
 * card takes the admin's theme (light, dark or high contrast) as the page does, and follows a change.
 */

const text = (color: string, subtle: string) => ({ default: color, subtle });

const colors = (backgroundColor: string) => ({
  backgroundColor,
  foregroundColors: {
    default: text(tokens.colorNeutralForeground1, tokens.colorNeutralForeground3),
    dark: text(tokens.colorNeutralForeground1, tokens.colorNeutralForeground2),
    light: text(tokens.colorNeutralForegroundInverted, tokens.colorNeutralForegroundInverted),
    accent: text(tokens.colorBrandForeground1, tokens.colorBrandForeground2),
    good: text(tokens.colorPaletteGreenForeground1, tokens.colorPaletteGreenForeground1),
    warning: text(tokens.colorPaletteDarkOrangeForeground1, tokens.colorPaletteDarkOrangeForeground1),
    attention: text(tokens.colorPaletteRedForeground1, tokens.colorPaletteRedForeground1),
  },
});

export const teamsHostConfig = new HostConfig({
  fontFamily: tokens.fontFamilyBase,
  supportsInteractivity: true,
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  lineHeights: { small: 16, default: 20, medium: 20, large: 24, extraLarge: 32 },
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: tokens.colorNeutralStroke2 },
  containerStyles: {
    default: colors(tokens.colorNeutralBackground1),
    emphasis: colors(tokens.colorNeutralBackground3),
    accent: colors(tokens.colorBrandBackground2),
    good: colors(tokens.colorPaletteGreenBackground1),
    attention: colors(tokens.colorPaletteRedBackground1),
    warning: colors(tokens.colorPaletteDarkOrangeBackground1),
  },
  actions: { maxActions: 5, spacing: 'default', buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left', showCard: { actionMode: 'inline', inlineTopMargin: 8 } },
  factSet: { title: { weight: 'bolder', wrap: true, maxWidth: 150 }, value: { wrap: true }, spacing: 12 },
});

/** CommonMark's backslash escapes (what the bot's markdown escaping adds), taken off. */
const unescapeMarkdown = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
const escapeHtml = (plain: string) => plain.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Teams renders card text as markdown. Everything the preview's card says is text the bot escaped to
 * read literally (names, labels, values) or plain words of its own, so it shows as that text.
 */
AdaptiveCard.onProcessMarkdown = (markdown: string, result: IMarkdownProcessingResult) => {
  result.outputHtml = escapeHtml(unescapeMarkdown(markdown));
  result.didProcess = true;
};
