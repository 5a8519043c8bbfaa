import pino, { type DestinationStream, type Logger } from 'pino';

const CENSOR = '[redacted]';

/** Secrets never reach the log: tokens, signatures and credentials are redacted wherever they appear. */
const REDACT = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'req.headers["webhook-signature"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.appPassword',
  '*.token',
];

/**
 * Query parameters that carry credentials, by name (`access_token`, `id_token`, `client_secret`,
 * `code`, `sig`, `key`, `X-Amz-Signature`, …). Nothing of ours takes one in a query, but a client
 * may send a token there by mistake, and the URL is logged with every request.
 */
const SECRET_PARAMETER = /token|secret|passw|pwd|signature|credential|assertion|session|api[-_]?key|^(code|sig|key|auth|authorization|jwt)$/i;

/** A parameter name as written, without the `[]`/`[x]` some query parsers read as structure. */
const isSecretParameter = (name: string) => SECRET_PARAMETER.test(name.replace(/\[.*$/, ''));

/** The URL with the values of credential-carrying query parameters replaced, the rest as it was. */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const pairs = url.slice(start + 1).split('&').map((pair) => {
    const [rawName = ''] = pair.split('=', 1);
    return isSecretParameter(decodedOrRaw(rawName)) ? `${rawName}=${CENSOR}` : pair;
  });
  return `${url.slice(0, start)}?${pairs.join('&')}`;
}

function decodedOrRaw(component: string): string {
  try {
    return decodeURIComponent(component.replaceAll('+', ' '));
  } catch {
    return component;
  }
}

/** A parsed query (as Express gives it) with the same values redacted. */
function redactQuery(query: unknown): unknown {
  if (query === null || typeof query !== 'object') return query;
  return Object.fromEntries(Object.entries(query).map(([name, value]) => [name, isSecretParameter(name) ? CENSOR : value]));
}

/** pino-http's request serializer, over pino's standard one (a copy: Express's request is untouched): the URL and parsed query without credentials. */
export function redactRequest(req: { url?: string; query?: unknown }): object {
  if (typeof req.url === 'string') req.url = redactUrl(req.url);
  if (req.query !== undefined) req.query = redactQuery(req.query);
  return req;
}

/** `destination` lets tests read what would be logged. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: CENSOR },
      // Any `url` logged (the problem handler's, a component's) goes through the same redaction.
      serializers: { url: (url: unknown) => (typeof url === 'string' ? redactUrl(url) : url) },
    },
    destination,
  );
}
