import pino, { type Logger } from 'pino';

/** Secrets never reach the log: tokens, signatures and credentials are redacted wherever they appear. */
const REDACT = [
  'req.headers.authorization',
  'req.headers["webhook-signature"]',
  'req.headers.cookie',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.appPassword',
  '*.token',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } });
}
