import express, { type Router } from 'express';
import { z } from 'zod';
import { divisionsInUse, listUserDivisions, setUserDivisions } from '../domain/access/divisions';
import { principalOf } from '../http/principal';
import type { Db } from '../store/db';
import { settingsManagersOnly } from './admin-guard';

const UserId = z.string().trim().min(1).max(128);
const DivisionsBody = z.object({ divisions: z.array(z.string().trim().min(1, 'a division has a name').max(128)).max(500) });

/** `/api/admin/divisions` (ADMIN-2): whose interactions each user sees, without the view-all permission. */
export function divisionsApi(db: Db): Router {
  const router = express.Router();
  router.use(settingsManagersOnly('manage divisions'));

  router.get('/', async (_req, res) => {
    const [users, divisions] = await Promise.all([listUserDivisions(db), divisionsInUse(db)]);
    res.json({ users, divisions });
  });

  /** Replaces the user's divisions. */
  router.put('/users/:userId', async (req, res) => {
    const userId = UserId.parse(req.params.userId);
    const { divisions } = DivisionsBody.parse(req.body);
    res.json({ userId, divisions: await setUserDivisions(db, principalOf(req), userId, divisions) });
  });

  return router;
}
