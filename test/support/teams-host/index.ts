import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Frame, type FrameLocator, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '../browser';
import { TAB_DOMAIN, TENANT_ID } from '../entra';
import { selfSignedCertificate } from './certificate';
import { hostPageHtml } from './host-page';

/**
 * A local Teams host simulator for end-to-end tests of the tab inside Teams.
 *
 * One HTTPS server (self-signed certificate) answers two host names, which the browser launched by
 * `launch()` resolves to it (`--host-resolver-rules`), so that origins are what they are in Teams:
 *
 * - https://teams.microsoft.com/ : the host page, which frames the tab and speaks teams-js's
 *   postMessage protocol (see host-page.ts). teams-js only listens to https origins on its own
 *   list, so the host must really be at a Teams origin;
 * - https://<tabHostName>/… (default: the manifest's TAB_DOMAIN) : a reverse proxy to the app
 *   under test, so the tab runs over https at its own origin, as its manifest content URL says.
 *
 * Every other host name fails to resolve in that browser, so nothing leaves the machine (teams-js's
 * attempt to fetch its valid-origins list from res.cdn.office.net fails at once and it falls back
 * to its built-in list).
 */

export const TEAMS_HOST_NAME = 'teams.microsoft.com';
export const TEAMS_ORIGIN = `https://${TEAMS_HOST_NAME}`;

export type TeamsTheme = 'default' | 'dark' | 'contrast';

/** What the tab passed to `authentication.getAuthToken` (all null when it passed nothing). */
export interface TokenRequest {
  resources: string[] | null;
  claims: string[] | null;
  silent: boolean | null;
  tenantId: string | null;
}

/** A request the tab made to the app, as the proxy in front of the app saw it. */
export interface AppRequest {
  method: string;
  /** Path and query. */
  path: string;
  authorization: string | null;
  status: number;
  /** The app's X-Development-Identity answer header: set when it acted as its development identity. */
  developmentIdentity: string | null;
}

export interface TeamsHostOptions {
  /**
   * The app under test, e.g. `http://127.0.0.1:1234`: the simulator serves it over https at
   * `tabHostName`.
   */
  appUrl: string;
  /** The tab's path and query as its manifest content URL has them, e.g. `/tab?inTeams=true`. */
  tabPath: string;
  /** Teams SSO: answers `authentication.getAuthToken`. Throw to make it fail (the message is the reason). */
  getToken(request: TokenRequest): Promise<string>;
  theme?: TeamsTheme;
  /** The user's Teams language, e.g. 'en-us', 'ja-jp'. */
  locale?: string;
  /** Host name the tab is served at (https); defaults to the test Entra app's TAB_DOMAIN. */
  tabHostName?: string;
  /** Extra or overridden fields of the v1 context `getContext` answers. */
  context?: Record<string, unknown>;
}

export interface HostCall {
  func: string;
  args: unknown[];
  apiVersionTag?: string;
  answered: boolean;
  error?: string;
}

export interface OpenOptions {
  theme?: TeamsTheme;
  locale?: string;
  /** Replaces the tab path (and query) for this page. */
  tabPath?: string;
  /** Runs on the new page before it navigates, e.g. to start waiting for a response. */
  beforeNavigate?(page: Page): void;
}

export interface TeamsHostPage {
  /** The Teams window. */
  page: Page;
  /** The tab's iframe, for locators. */
  tab: FrameLocator;
  /** Uncaught errors in the page and the tab, as they happen. */
  errors: string[];
  /** The tab's frame, for evaluating in it. */
  tabFrame(): Promise<Frame>;
  /** Switches the Teams theme as a user would; resolves to whether the tab had registered for theme changes. */
  setTheme(theme: TeamsTheme): Promise<boolean>;
  /** The teams-js calls the tab made so far. */
  calls(): Promise<HostCall[]>;
  /** The handlers the tab registered (`registerHandler`), e.g. 'themeChange'. */
  registeredHandlers(): Promise<string[]>;
}

export interface TeamsHost {
  /** The Teams origin the host page is at. */
  origin: string;
  /** The tab's origin, as the browser sees it (https, proxied to the app). */
  tabOrigin: string;
  /** Chromium flags that resolve the simulated host names to the simulator and accept its certificate. */
  chromiumArgs: string[];
  /** Every `getAuthToken` the host was asked for. */
  tokenRequests: TokenRequest[];
  /** The tokens the host gave the tab. */
  issuedTokens: string[];
  /** The tab's requests to the app, in order of their answers. */
  appRequests: AppRequest[];
  /** Headless Chromium (same base flags as test/support/browser.ts) that sees the simulator as Teams. */
  launch(): Promise<Browser>;
  /** Opens Teams with the tab in a new page of `browser`, which must come from `launch()`. */
  open(browser: Browser, options?: OpenOptions): Promise<TeamsHostPage>;
  close(): Promise<void>;
}

/** The runtime a Teams web client announces (runtime API version 4): enough for a content tab with SSO. */
const WEB_RUNTIME = {
  apiVersion: 4,
  isLegacyTeams: false,
  hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
  supports: {
    app: {},
    appEntity: {},
    appInstallDialog: {},
    call: {},
    chat: {},
    conversations: {},
    dialog: { card: { bot: {} }, url: { bot: {}, parentCommunication: {} }, update: {} },
    interactive: {},
    pages: { appButton: {}, backStack: {}, config: {}, currentApp: {}, fullTrust: {}, tabs: {} },
    permissions: {},
    profile: {},
    sharing: {},
    stageView: {},
    teams: { fullTrust: { joinedTeams: {} } },
    teamsCore: {},
    webStorage: {},
  },
};

const BASE_CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function startTeamsHost(options: TeamsHostOptions): Promise<TeamsHost> {
  const tabHostName = options.tabHostName ?? TAB_DOMAIN;
  const app = new URL(options.appUrl);
  const { key, cert } = selfSignedCertificate([TEAMS_HOST_NAME, tabHostName]);
  const tokenPath = `/_simulator/token/${randomUUID()}`;
  const tokenRequests: TokenRequest[] = [];
  const issuedTokens: string[] = [];
  const appRequests: AppRequest[] = [];
  const upstreamAgent = new http.Agent({ keepAlive: false });

  const context = (): Record<string, unknown> => ({
    entityId: 'customerCard',
    subEntityId: '',
    frameContext: 'content',
    hostClientType: 'web',
    hostName: 'Teams',
    appSessionId: randomUUID(),
    sessionId: randomUUID(),
    appLaunchId: randomUUID(),
    ringId: 'general',
    tid: TENANT_ID,
    userObjectId: 'agent-oid-1',
    userPrincipalName: 'elinor.dashwood@classics.example',
    loginHint: 'elinor.dashwood@classics.example',
    userLicenseType: 'Unknown',
    tenantSKU: 'enterprise',
    isFullScreen: false,
    isMultiWindow: false,
    appIconPosition: 0,
    ...options.context,
  });

  async function serveHost(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', TEAMS_ORIGIN);
    if (req.method === 'POST' && url.pathname === tokenPath) {
      const request = JSON.parse(await readBody(req)) as TokenRequest;
      tokenRequests.push(request);
      try {
        const token = await options.getToken(request);
        issuedTokens.push(token);
        send(res, 200, 'application/json', JSON.stringify({ token }));
      } catch (error) {
        send(res, 403, 'application/json', JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
      }
      return;
    }
    if (req.method === 'GET' && url.pathname === '/') {
      const tabPath = url.searchParams.get('tabPath') ?? options.tabPath;
      const html = hostPageHtml({
        tabUrl: new URL(tabPath, `https://${tabHostName}`).href,
        theme: url.searchParams.get('theme') ?? options.theme ?? 'default',
        locale: url.searchParams.get('locale') ?? options.locale ?? 'en-us',
        context: context(),
        runtime: WEB_RUNTIME,
        clientSupportedSDKVersion: '2.0.5',
        tokenPath,
      });
      send(res, 200, 'text/html; charset=utf-8', html);
      return;
    }
    send(res, 404, 'text/plain', 'not found');
  }

  /** Forwards a request to the app, streaming both ways (the live card is server-sent events). */
  function proxyToApp(req: http.IncomingMessage, res: http.ServerResponse): void {
    const upstream = http.request(
      {
        agent: upstreamAgent,
        hostname: app.hostname,
        port: app.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: app.host, 'x-forwarded-proto': 'https', 'x-forwarded-host': req.headers.host ?? tabHostName },
      },
      (response) => {
        appRequests.push({
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          authorization: req.headers.authorization ?? null,
          status: response.statusCode ?? 502,
          developmentIdentity: (response.headers['x-development-identity'] as string | undefined) ?? null,
        });
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  const server = https.createServer({ key, cert }, (req, res) => {
    const hostName = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (hostName === TEAMS_HOST_NAME) {
      serveHost(req, res).catch(() => res.destroy());
    } else if (hostName === tabHostName) {
      try {
        proxyToApp(req, res);
      } catch (error) {
        send(res, 502, 'text/plain', `the simulator could not forward this request: ${String(error)}`);
      }
    } else {
      send(res, 421, 'text/plain', `this simulator does not serve ${hostName}`);
    }
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;

  const chromiumArgs = [
    `--host-resolver-rules=MAP ${TEAMS_HOST_NAME} 127.0.0.1:${port}, MAP ${tabHostName} 127.0.0.1:${port}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1`,
    '--ignore-certificate-errors',
  ];

  async function open(browser: Browser, openOptions: OpenOptions = {}): Promise<TeamsHostPage> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.setDefaultTimeout(15_000); // below jest's 30 s, so a wait that fails says what it waited for
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    openOptions.beforeNavigate?.(page);
    const query = new URLSearchParams();
    if (openOptions.theme) query.set('theme', openOptions.theme);
    if (openOptions.locale) query.set('locale', openOptions.locale);
    if (openOptions.tabPath) query.set('tabPath', openOptions.tabPath);
    await page.goto(`${TEAMS_ORIGIN}/?${query}`);
    return {
      page,
      errors,
      tab: page.frameLocator('iframe#tab'),
      async tabFrame() {
        const frame = await (await page.waitForSelector('iframe#tab', { state: 'attached' })).contentFrame();
        if (!frame) throw new Error('the tab iframe has no frame');
        return frame;
      },
      setTheme: (theme) => page.evaluate((t) => (window as unknown as TeamsHostWindow).teamsHost.setTheme(t), theme),
      calls: () => page.evaluate(() => (window as unknown as TeamsHostWindow).teamsHost.calls),
      registeredHandlers: () => page.evaluate(() => (window as unknown as TeamsHostWindow).teamsHost.registered()),
    };
  }

  return {
    origin: TEAMS_ORIGIN,
    tabOrigin: `https://${tabHostName}`,
    chromiumArgs,
    tokenRequests,
    issuedTokens,
    appRequests,
    launch: () => chromium.launch({ executablePath: CHROMIUM_PATH, args: [...BASE_CHROMIUM_ARGS, ...chromiumArgs] }),
    open,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      upstreamAgent.destroy();
    },
  };
}

interface TeamsHostWindow {
  teamsHost: { setTheme(theme: string): boolean; calls: HostCall[]; registered(): string[] };
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
