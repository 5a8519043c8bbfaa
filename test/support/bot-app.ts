import type { Db } from '../../src/store/db';
import { startApp, type RunningApp } from './app-server';
import { startBotConnector } from './bot-connector';

export type BotConnector = Awaited<ReturnType<typeof startBotConnector>>;

/**
 * The app and a local Bot Connector for one suite: started before its tests, closed after. Read
 * `bot.app` and `bot.connector` inside tests (they exist once the suite has started).
 */
export function appWithBotConnector(store: () => Db): { app: RunningApp; connector: BotConnector } {
  const running = {} as { app: RunningApp; connector: BotConnector };
  beforeAll(async () => {
    running.connector = await startBotConnector();
    running.app = await startApp(store());
  });
  afterAll(async () => {
    await running.app?.close();
    await running.connector?.close();
  });
  return running;
}
