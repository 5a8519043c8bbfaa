export const CHANNELS = ['voice', 'voicemail', 'sms', 'chat', 'email', 'social', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Phone channels share one identity space: a number matches across voice, SMS and voicemail (ID-2). */
export const PHONE_CHANNELS: readonly Channel[] = ['voice', 'voicemail', 'sms'];

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];
