import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { redactRequest } from '../logger';
import { HttpProblem, problemHandler } from './problem-details';
import type { Route } from './routes';

export interface AppOptions {
  log: Logger;
  /** What serves each URL prefix (http/routes.ts), mounted in order. */
  routes: Route[];
}

/** The HTTP frame around the route table: request logs, 404s and problem details for every error. */
export function createApp({ log, routes }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(pinoHttp({ logger: log.child({ component: 'http' }), serializers: { req: redactRequest }, autoLogging: { ignore: (req) => req.url?.startsWith('/healthz') ?? false } }));

  for (const { prefix, handlers } of routes) app.use(prefix, ...handlers);
  app.use('/api', (req) => {
    throw new HttpProblem({ status: 404, detail: `no API route ${req.method} ${req.originalUrl}` });
  });
  app.get('/', (_req, res) => res.redirect('/tab'));
  app.use((req) => {
    throw new HttpProblem({ status: 404, detail: `nothing here: ${req.method} ${req.path}` });
  });

  app.use(problemHandler(log));
  return app;
}
