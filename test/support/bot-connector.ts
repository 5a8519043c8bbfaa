import express from 'express';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  conversationId: string;
  replyToId?: string;
  authorization?: string;
  activity: { type: string; text?: string; [key: string]: unknown };
}

/**
 * A local Bot Connector service speaking the Bot Framework REST API (v3 conversations): it records
 * the activities the bot sends and answers with a resource id, as the real service does.
 */
export async function startBotConnector() {
  const received: ReceivedActivity[] = [];
  const app = express();
  app.use(express.json());
  const record = (req: express.Request, res: express.Response) => {
    received.push({
      conversationId: String(req.params.conversationId),
      replyToId: req.params.activityId ? String(req.params.activityId) : undefined,
      authorization: req.get('authorization'),
      activity: req.body,
    });
    res.status(200).json({ id: `activity-${received.length}` });
  };
  app.post('/v3/conversations/:conversationId/activities/:activityId', record);
  app.post('/v3/conversations/:conversationId/activities', record);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
