import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; the browser tests never download one. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserSkipReason(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `${CHROMIUM} not found (install Debian's chromium; CI does when test/e2e/.needs-chromium exists)`;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Headless Chromium on a fresh profile directory; `localhost` is pinned to 127.0.0.1 where the servers listen. */
export async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'hanko-e2e-chromium-'));
  // Playwright refuses `--user-data-dir` in `args`: a persistent context takes the directory instead.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP localhost 127.0.0.1',
    ],
    timeout: 60_000,
  });
  context.setDefaultTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The repository's scratch directory (git- and lint-ignored). */
const SCRATCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.tmp');

/** Saves a full-page screenshot to `.tmp/` (for a failing test); returns its path or the reason it failed. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = SCRATCH;
  const file = path.join(dir, `e2e-${name}-${Date.now()}.png`);
  try {
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
    return file;
  } catch (err) {
    return `screenshot failed: ${String(err)}`;
  }
}

/** A CTAP2 platform authenticator of Chromium's DevTools that verifies the user and answers at once. */
export interface VirtualAuthenticator {
  id: string;
  /** The credentials it holds (id base64, user handle base64, signature counter). */
  credentials(): Promise<{ credentialId: string; rpId?: string; userHandle?: string; signCount: number }[]>;
}

/** Attaches a virtual authenticator to the page's target (it stays across navigations of that tab). */
export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    id: authenticatorId,
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}
