/**
 * The simulated Teams web client: a page that frames the tab and answers teams-js over
 * postMessage the way the Teams host does (teams-js 2.x wire format, as read from
 * @microsoft/teams-js/dist/esm/.../internal/communication.js):
 *
 * - the tab sends requests `{ id, uuidAsString, func, args, apiVersionTag, timestamp, ... }`
 *   (its first one, `initialize`, to target origin "*");
 * - the host answers `{ id, uuidAsString, args }` to the tab's origin; teams-js accepts the answer
 *   only if the sender's origin is https and on its list of Teams origins (teams.microsoft.com …);
 * - the host pushes events as `{ func, args }` with no id (e.g. `themeChange`), and only for the
 *   handlers the tab registered with `registerHandler`.
 *
 * The page keeps a log of every call in `window.teamsHost.calls`, and `window.teamsHost.setTheme()`
 * changes the theme as the user would in Teams' settings.
 */

export interface HostPageConfig {
  /** The URL the iframe loads (the tab's content URL). */
  tabUrl: string;
  theme: string;
  locale: string;
  /** The v1 context fields `getContext` answers (besides theme and locale, which follow the host). */
  context: Record<string, unknown>;
  /** The runtime config `initialize` answers, as the object teams-js parses. */
  runtime: Record<string, unknown>;
  /** The host's highest supported teams-js version, the fourth `initialize` answer. */
  clientSupportedSDKVersion: string;
  /** Where the page asks the test (in Node) for SSO tokens. */
  tokenPath: string;
}

export function hostPageHtml(config: HostPageConfig): string {
  // JSON in a script element: only "<" needs escaping to stay inside it.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Microsoft Teams (simulator)</title>
<style>
  html, body { margin: 0; height: 100%; font-family: "Segoe UI", system-ui, sans-serif; }
  body { display: grid; grid-template-rows: 48px 1fr; grid-template-columns: 68px 1fr; }
  header { grid-column: 1 / 3; display: flex; align-items: center; padding: 0 16px; font-size: 14px; font-weight: 600; }
  nav { grid-row: 2; }
  iframe { grid-row: 2; grid-column: 2; width: 100%; height: 100%; border: 0; }
  body[data-theme="default"] header, body[data-theme="default"] nav { background: #ebebeb; color: #242424; }
  body[data-theme="dark"] header, body[data-theme="dark"] nav { background: #0a0a0a; color: #ffffff; }
  body[data-theme="contrast"] header, body[data-theme="contrast"] nav { background: #000000; color: #ffff00; outline: 1px solid #ffffff; }
</style>
</head>
<body>
<header>Microsoft Teams &middot; Customer card <span id="status" style="margin-left:auto;font-weight:400"></span></header>
<nav></nav>
<iframe id="tab" title="Customer card" allow="clipboard-read; clipboard-write"></iframe>
<script id="config" type="application/json">${json}</script>
<script>
(() => {
  const config = JSON.parse(document.getElementById('config').textContent);
  const frame = document.getElementById('tab');
  const tabOrigin = new URL(config.tabUrl).origin;
  const registered = new Set();
  const calls = [];
  let theme = config.theme;
  document.body.dataset.theme = theme;

  function post(message) {
    frame.contentWindow.postMessage(message, tabOrigin);
  }

  function context() {
    return { ...config.context, theme, locale: config.locale };
  }

  async function token(args) {
    const [resources, claims, silent, tenantId] = args || [];
    const response = await fetch(config.tokenPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resources: resources ?? null, claims: claims ?? null, silent: silent ?? null, tenantId: tenantId ?? null }),
    });
    const body = await response.json();
    return response.ok ? [true, body.token] : [false, body.error || 'resourceRequiresConsent'];
  }

  async function answer(func, args) {
    switch (func) {
      case 'initialize':
        return ['content', 'web', JSON.stringify(config.runtime), config.clientSupportedSDKVersion];
      case 'getContext':
        return [context()];
      case 'authentication.getAuthToken':
        return token(args);
      case 'call.startCall':
        return [true]; // as Teams once it has started the call (the test reads the target from the log)
      case 'registerHandler':
        registered.add(args[0]);
        return null; // one-way: teams-js sends it without a callback
      case 'appInitialization.appLoaded':
      case 'appInitialization.success':
      case 'appInitialization.failure':
      case 'appInitialization.expectedFailure':
        return null;
      default:
        return undefined; // not simulated: left unanswered, as a host without the capability would
    }
  }

  window.addEventListener('message', async (event) => {
    // Teams listens only to its app's frame, at the origin it loaded.
    if (event.source !== frame.contentWindow || event.origin !== tabOrigin) return;
    const request = event.data;
    if (!request || typeof request !== 'object' || typeof request.id !== 'number' || typeof request.func !== 'string') return;
    const call = { func: request.func, args: request.args, apiVersionTag: request.apiVersionTag, answered: false };
    calls.push(call);
    let args;
    try {
      args = await answer(request.func, request.args);
    } catch (error) {
      call.error = String(error);
      return;
    }
    if (!Array.isArray(args)) return;
    call.answered = true;
    post({ id: request.id, uuidAsString: request.uuidAsString, args });
  });

  window.teamsHost = {
    calls,
    registered: () => [...registered],
    /** Changes the Teams theme; returns whether the tab had registered to hear about it. */
    setTheme(next) {
      theme = next;
      document.body.dataset.theme = next;
      if (!registered.has('themeChange')) return false;
      post({ func: 'themeChange', args: [next] });
      return true;
    },
  };

  frame.src = config.tabUrl;
})();
</script>
</body>
</html>`;
}
