import express, { type RequestHandler, type Router } from 'express';
import { AuthenticationError } from 'botframework-connector';
import type { Logger } from 'pino';
import { HttpProblem } from '../src/http/problem-details';
import type { BotAdapter } from './adapter';
import type { CustomerCardBot } from './customer-card-bot';
import { parseInboundActivity } from './inbound-activity';

export interface BotEndpointOptions {
  adapter: BotAdapter;
  bot: CustomerCardBot;
  /** A bot app id is configured: every activity must carry a Bot Framework token. */
  requireToken: boolean;
  log: Logger;
}

const unauthenticated = () => new HttpProblem({ status: 401, detail: 'a valid Bot Framework token is required' }, { 'WWW-Authenticate': 'Bearer' });

/** The Bot Connector's REST client failed: the connector at the activity's serviceUrl refused the reply or was not there. */
const isBotConnectorFailure = (error: unknown) => error instanceof Error && error.name === 'RestError';

/**
 * /api/messages: the Bot Connector posts activities here. Every answer but the bot's own is problem
 * details (the app's problem handler renders what is thrown here); nothing of a refused activity
 * reaches the bot or the store.
 */
export function botEndpoint({ adapter, bot, requireToken, log }: BotEndpointOptions): Router {
  const router = express.Router();
  // Strangers learn nothing, not even what a well-formed activity looks like: their body is not read.
  const tokenFirst: RequestHandler = (req, _res, next) => {
    if (requireToken && !req.headers.authorization) throw unauthenticated();
    next();
  };
  router.post('/', tokenFirst, express.json({ limit: '1mb' }), async (req, res) => {
    const authorization = req.headers.authorization ?? '';
    const parsed = parseInboundActivity(req.body);
    if ('faults' in parsed) {
      const { faults } = parsed;
      throw new HttpProblem({ status: 400, title: 'Invalid activity', detail: faults.map((f) => `${f.field}: ${f.message}`).join('; '), errors: faults });
    }
    const answer = await adapter.runActivity(authorization, parsed.activity, (context) => bot.run(context)).catch((error: unknown) => {
      if (error instanceof AuthenticationError) throw unauthenticated();
      if (!isBotConnectorFailure(error)) throw error;
      log.warn({ err: error }, 'the Bot Connector did not take a reply');
      throw new HttpProblem({ status: 502, detail: 'the Bot Connector did not take the bot\'s reply; it has been logged' });
    });
    // An invoke's answer (a card) goes back as JSON; any other activity is simply taken.
    if (answer?.body === undefined) res.status(answer?.status ?? 200).end();
    else res.status(answer.status).json(answer.body);
  });
  return router;
}
