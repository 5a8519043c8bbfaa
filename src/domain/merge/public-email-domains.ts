/**
 * Mailbox providers anyone can sign up with: sharing one of these domains says nothing about two
 * people (MERGE-8), unlike a company's or a family's own domain. The one list of them; lower case.
 */
export const PUBLIC_EMAIL_DOMAINS: ReadonlySet<string> = new Set([
  // International
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'ymail.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.com', 'mail.com', 'zoho.com',
  // Regional variants and providers where the tab's languages are spoken
  'hotmail.co.uk', 'yahoo.co.uk', 'outlook.fr', 'hotmail.fr', 'live.fr', 'yahoo.fr', 'orange.fr', 'wanadoo.fr', 'free.fr',
  'laposte.net', 'sfr.fr', 'outlook.de', 'hotmail.de', 'yahoo.de', 'gmx.de', 'gmx.net', 'web.de', 't-online.de',
  'hotmail.se', 'live.se', 'outlook.se', 'yahoo.se', 'telia.com', 'bredband.net', 'yahoo.co.jp', 'docomo.ne.jp',
  'ezweb.ne.jp', 'au.com', 'softbank.ne.jp', 'i.softbank.jp', 'nifty.com', 'ocn.ne.jp',
]);
