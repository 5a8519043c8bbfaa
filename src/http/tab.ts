import express, { type Router } from 'express';
import { TAB_DIST_DIR } from '../paths';

/** `/tab`: the built tab, one page whatever its path (the tab routes in the browser). */
export function tabPages(): Router {
  const router = express.Router();
  // Vite names assets by content hash: they never change, the page itself always revalidates.
  router.use('/assets', express.static(`${TAB_DIST_DIR}/assets`, { immutable: true, maxAge: '1y', fallthrough: false }));
  router.get(['/', '/{*page}'], (_req, res) => res.sendFile(`${TAB_DIST_DIR}/index.html`, { headers: { 'Cache-Control': 'no-cache' } }));
  return router;
}
