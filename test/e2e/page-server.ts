import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

/** The browser bundle of hanko-elements (an ES module with the frontend SDK inside). */
export function elementsBundlePath(): string {
  // The package exports only its entry point, which is that bundle (`dist/elements.js`).
  return createRequire(import.meta.url).resolve('@teamhanko/hanko-elements');
}

/**
 * The test page. `?api=<url>` names the server; `?conditional_mediation=off` hides the browser's passkey
 * autofill support from the SDK; `?profile=on` shows `<hanko-profile>` with the session and
 * `?enable_passkeys=on` its passkey section; `?session_check_interval=<ms>` sets the SDK's session check
 * interval (at least 3000). It registers the elements, shows `<hanko-auth>` while logged out and a marker plus a
 * logout button once the SDK reports a session; when the SDK reports the user deleted, `<hanko-auth>` comes back.
 * `window.e2e` records every flow state the SDK reports (`states`, with the time of the last one) and the
 * session events.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>hanko-elements e2e</title></head>
<body>
<p id="status">loading</p>
<div id="auth-box"><hanko-auth></hanko-auth></div>
<div id="session-box" hidden>
  <p>Signed in as <span id="session-user"></span></p>
  <button id="logout" type="button">Log out</button>
  <div id="profile-box"></div>
</div>
<script type="module">
import { register } from '/elements.js';
const e2e = (window.e2e = { states: [], lastStateAt: 0, events: [], errors: [] });
const status = document.getElementById('status');
const authBox = document.getElementById('auth-box');
const sessionBox = document.getElementById('session-box');
const profileBox = document.getElementById('profile-box');
try {
  const params = new URL(location.href).searchParams;
  const api = params.get('api');
  // \`?conditional_mediation=off\` plays a browser without passkey autofill (the SDK asks this in preflight).
  if (params.get('conditional_mediation') === 'off' && window.PublicKeyCredential) {
    PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  }
  // Elements' \`enablePasskeys\` only concerns the profile's passkey section; \`?enable_passkeys=on\` shows it.
  const interval = Number(params.get('session_check_interval'));
  const { hanko } = await register(api, {
    enablePasskeys: params.get('enable_passkeys') === 'on',
    ...(interval > 0 ? { sessionCheckInterval: interval } : {}),
  });
  e2e.hanko = hanko;
  hanko.onAfterStateChange(({ state }) => {
    e2e.states.push({ name: state.name, flow: state.flowName, error: state.error ? state.error.code : null });
    e2e.lastStateAt = performance.now();
  });
  hanko.onSessionCreated((detail) => {
    e2e.events.push({ type: 'session-created', detail });
    document.getElementById('session-user').textContent = detail.claims.subject;
    authBox.replaceChildren();
    authBox.hidden = true;
    sessionBox.hidden = false;
    if (params.get('profile') === 'on') {
      profileBox.replaceChildren(document.createElement('hanko-profile'));
    }
    status.textContent = 'signed-in';
  });
  hanko.onUserDeleted(() => {
    e2e.events.push({ type: 'user-deleted' });
    profileBox.replaceChildren();
    authBox.replaceChildren(document.createElement('hanko-auth'));
    authBox.hidden = false;
    sessionBox.hidden = true;
    status.textContent = 'user-deleted';
  });
  hanko.onUserLoggedOut(() => {
    e2e.events.push({ type: 'user-logged-out' });
    profileBox.replaceChildren();
    authBox.replaceChildren(document.createElement('hanko-auth'));
    authBox.hidden = false;
    sessionBox.hidden = true;
    status.textContent = 'signed-out';
  });
  hanko.onSessionExpired(() => e2e.events.push({ type: 'session-expired' }));
  document.getElementById('logout').addEventListener('click', () => {
    hanko.logout().catch((err) => e2e.errors.push('logout: ' + String(err)));
  });
  status.textContent = 'ready';
} catch (err) {
  e2e.errors.push('register: ' + String(err));
  status.textContent = 'register-failed';
}
</script>
</body>
</html>`;

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the test page at `/` and the elements bundle at `/elements.js`. It listens on 127.0.0.1 and is
 * addressed as `localhost` (the browser maps that name to 127.0.0.1).
 */
export async function startPageServer(): Promise<PageServer> {
  const bundle = await readFile(elementsBundlePath());
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(PAGE_HTML);
    } else if (req.method === 'GET' && url.pathname === '/elements.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      res.end(bundle);
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
