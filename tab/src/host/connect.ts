import { browserHost } from './browser-host';
import type { Host } from './host';

const TEAMS_INIT_TIMEOUT_MS = 8000;

/**
 * Connects to Teams when the tab is framed by it (the manifest opens it with ?inTeams=true), and
 * falls back to the plain browser otherwise. teams-js loads only inside Teams.
 */
export async function connectHost(location: Location = window.location): Promise<Host> {
  const params = new URLSearchParams(location.search);
  const framed = window.parent !== window;
  if (!framed && params.get('inTeams') !== 'true') return browserHost(params);
  const { teamsHost } = await import('./teams-host');
  return withTimeout(teamsHost(), TEAMS_INIT_TIMEOUT_MS).catch(() => browserHost(params));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
