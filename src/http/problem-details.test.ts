import express from 'express';
import type { AddressInfo } from 'node:net';
import { silentLog } from '../../test/support/events';
import { expectProblem } from '../../test/support/api';
import { ConcurrentChange } from '../store/db';
import { problemHandler } from './problem-details';

describe('problem details for a transaction that kept losing races', () => {
  it.each([
    ['a deadlock (40P01)', Object.assign(new Error('deadlock detected'), { code: '40P01' })],
    ['a serialization failure (40001)', Object.assign(new Error('could not serialize access'), { code: '40001' })],
    ['a concurrent change', new ConcurrentChange('a card joined meanwhile')],
  ])('answers %s with 409, asking to try again, not 500', async (_name, error) => {
    const app = express();
    app.post('/merge', () => {
      throw error;
    });
    app.use(problemHandler(silentLog));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/merge`, { method: 'POST' });
      expect((await expectProblem(response, 409)).detail).toMatch(/try again/);
    } finally {
      server.close();
    }
  });
});
