import { makeStyles, shorthands, tokens } from '@fluentui/react-components';

/**
 * A colour per channel, from Fluent's palette tokens (tint background, strong foreground and
 * border, as Fluent's tinted badges use them), so every Teams theme, high contrast included, keeps
 * them legible.
 */
export const useChannelColours = makeStyles({
  voice: { backgroundColor: tokens.colorPaletteTealBackground2, color: tokens.colorPaletteTealForeground2, ...shorthands.borderColor(tokens.colorPaletteTealBorderActive) },
  voicemail: { backgroundColor: tokens.colorPaletteSeafoamBackground2, color: tokens.colorPaletteSeafoamForeground2, ...shorthands.borderColor(tokens.colorPaletteSeafoamBorderActive) },
  sms: { backgroundColor: tokens.colorPaletteGreenBackground2, color: tokens.colorPaletteGreenForeground2, ...shorthands.borderColor(tokens.colorPaletteGreenBorderActive) },
  chat: { backgroundColor: tokens.colorPaletteMarigoldBackground2, color: tokens.colorPaletteMarigoldForeground2, ...shorthands.borderColor(tokens.colorPaletteMarigoldBorderActive) },
  email: { backgroundColor: tokens.colorPalettePumpkinBackground2, color: tokens.colorPalettePumpkinForeground2, ...shorthands.borderColor(tokens.colorPalettePumpkinBorderActive) },
  social: { backgroundColor: tokens.colorPaletteBerryBackground2, color: tokens.colorPaletteBerryForeground2, ...shorthands.borderColor(tokens.colorPaletteBerryBorderActive) },
  web: { backgroundColor: tokens.colorPaletteCornflowerBackground2, color: tokens.colorPaletteCornflowerForeground2, ...shorthands.borderColor(tokens.colorPaletteCornflowerBorderActive) },
});
