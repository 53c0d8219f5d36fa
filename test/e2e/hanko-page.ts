import assert from 'node:assert/strict';
import type { Page, Response } from 'playwright-core';
import { screenshot } from './browser.ts';

/** `POST /sessions/validate` from outside the browser with the given token. */
export async function validateToken(
  publicUrl: string,
  token: string,
): Promise<{ is_valid: boolean; user_id?: string }> {
  const res = await fetch(`${publicUrl}/sessions/validate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ session_token: token }),
  });
  assert.equal(res.status, 200);
  return (await res.json()) as { is_valid: boolean; user_id?: string };
}

/** The parts of a flow response the traffic log shows. */
interface FlowBody {
  name?: string;
  error?: { code?: string };
  actions?: Record<string, { inputs?: Record<string, { error?: { code?: string } | null }> }>;
}

/** ` input <action>.<input>=<code>` for every input error of a flow response (flow-api: 400 with errors on inputs). */
function inputErrors(body: FlowBody): string {
  return Object.entries(body.actions ?? {})
    .flatMap(([action, a]) =>
      Object.entries(a.inputs ?? {}).flatMap(([input, i]) =>
        i.error?.code ? [` input ${action}.${input}=${i.error.code}`] : [],
      ),
    )
    .join('');
}

/** What the test page records in `window.e2e` (see page-server.ts). */
interface PageRecord {
  states: { name: string; flow: string; error: string | null }[];
  lastStateAt: number;
  events: { type: string; detail?: { claims: Record<string, unknown>; expirationSeconds: number } }[];
  errors: string[];
}

interface E2eWindow {
  e2e?: PageRecord & { hanko?: { validateSession(): Promise<unknown> } };
}

/**
 * Elements shows a freshly started flow state only 500 ms after it arrived, and a state that arrives in
 * between is overwritten by that late one. A user never types that fast, so before touching a form the test
 * waits until the last reported state has stood for a while.
 */
const SETTLE_MS = 1000;

/** Drives the test page in one browser tab and keeps a log of the flow API traffic for failure messages. */
export class HankoPage {
  readonly log: string[] = [];

  constructor(
    readonly page: Page,
    readonly pageUrl: string,
    readonly apiUrl: string,
  ) {
    page.on('response', (r) => void this.record(r));
    page.on('pageerror', (err) => this.log.push(`page error: ${err.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.log.push(`console error: ${m.text()}`);
    });
  }

  private async record(r: Response): Promise<void> {
    const req = r.request();
    if (!r.url().startsWith(this.apiUrl) || req.method() === 'OPTIONS') return;
    let summary = '';
    try {
      const body = JSON.parse(await r.text()) as FlowBody;
      summary = body.name
        ? `${body.name}${body.error ? ` error=${body.error.code}` : ''}${inputErrors(body)}`
        : JSON.stringify(body);
    } catch {
      summary = '(no JSON body)';
    }
    this.log.push(
      `${req.method()} ${r.url().slice(this.apiUrl.length)} → ${r.status()} ${summary.slice(0, 300)}`,
    );
  }

  /** Loads the test page (a new document: the page record starts empty); `query` adds page options. */
  async open(query: Record<string, string> = {}): Promise<void> {
    const params = new URLSearchParams({ api: this.apiUrl, ...query });
    await this.page.goto(`${this.pageUrl}/?${params}`);
    await this.page.waitForFunction(() => (window as E2eWindow).e2e?.hanko !== undefined, undefined, {
      timeout: 30_000,
    });
  }

  async pageRecord(): Promise<PageRecord> {
    return this.page.evaluate(() => {
      const e = (window as E2eWindow).e2e;
      return {
        states: e?.states ?? [],
        lastStateAt: e?.lastStateAt ?? 0,
        events: e?.events ?? [],
        errors: e?.errors ?? [],
      };
    });
  }

  /** How many flow states the page has reported so far (for `settledIn(…, since)`). */
  async stateCount(): Promise<number> {
    return (await this.pageRecord()).states.length;
  }

  /**
   * Waits until Elements shows `name` of flow `flow` and nothing has changed for a moment; with `since`, only a
   * state reported after the first `since` ones counts (a profile action returns to the same state name).
   */
  async settledIn(name: string, flow: string, since = 0): Promise<void> {
    try {
      await this.page.waitForFunction(
        ([n, f, quiet, after]) => {
          const e = (window as E2eWindow).e2e;
          const last = e?.states.at(-1);
          return (
            !!e &&
            e.states.length > after &&
            last?.name === n &&
            last.flow === f &&
            performance.now() - e.lastStateAt > quiet
          );
        },
        [name, flow, SETTLE_MS, since] as const,
        { timeout: 30_000, polling: 100 },
      );
    } catch (err) {
      const rec = await this.pageRecord().catch(() => undefined);
      throw new Error(
        `Elements did not settle in ${flow}/${name}; states seen: ${JSON.stringify(rec?.states)}; ${String(err)}`,
      );
    }
  }

  /** Waits until a line of the flow traffic log from index `from` on matches `pattern`; returns that line. */
  async trafficMatching(pattern: RegExp, from = 0, ms = 30_000): Promise<string> {
    const start = Date.now();
    for (;;) {
      const line = this.log.slice(from).find((l) => pattern.test(l));
      if (line) return line;
      if (Date.now() - start > ms) throw new Error(`no flow traffic matching ${pattern} within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits until the page has recorded `n` events of `type` (e.g. `session-expired`, `user-deleted`). */
  async eventCount(type: string, n: number): Promise<void> {
    await this.page.waitForFunction(
      ([t, count]) => ((window as E2eWindow).e2e?.events ?? []).filter((e) => e.type === t).length >= count,
      [type, n] as const,
      { timeout: 30_000, polling: 100 },
    );
  }

  /** Waits for the n-th `session-created` event and returns its detail. */
  async sessionCreated(n: number): Promise<{ claims: Record<string, unknown>; expirationSeconds: number }> {
    await this.page.waitForFunction(
      (count) =>
        ((window as E2eWindow).e2e?.events ?? []).filter((e) => e.type === 'session-created').length >= count,
      n,
      { timeout: 30_000, polling: 100 },
    );
    const rec = await this.pageRecord();
    const detail = rec.events.filter((e) => e.type === 'session-created')[n - 1]?.detail;
    if (!detail) throw new Error('session-created event without detail');
    return detail;
  }

  async submitEmail(email: string): Promise<void> {
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByRole('button', { name: 'Continue' }).click();
  }

  /** Clicks the page's logout button and waits until the SDK reports the user logged out. */
  async logout(): Promise<void> {
    await this.page.locator('#logout').click();
    await this.page.locator('#status', { hasText: 'signed-out' }).waitFor();
  }

  /** Types the code into the six digit boxes; Elements submits by itself after the sixth digit. */
  async typePasscode(code: string): Promise<void> {
    await this.page.getByLabel('passcode-digit-1').click();
    await this.page.keyboard.type(code, { delay: 30 });
  }

  /** `GET /sessions/validate` as the SDK sends it from the page (with the page's credentials). */
  async validateFromPage(): Promise<{ is_valid: boolean; user_id?: string }> {
    return this.page.evaluate(async () => {
      const h = (window as E2eWindow).e2e?.hanko;
      if (!h) throw new Error('no hanko instance on the page');
      return (await h.validateSession()) as { is_valid: boolean; user_id?: string };
    });
  }

  /** The value of the `hanko` cookie the browser holds for `url`, with its HttpOnly flag. */
  async sessionCookie(url: string): Promise<{ value: string; httpOnly: boolean } | undefined> {
    const c = (await this.page.context().cookies(url)).find((x) => x.name === 'hanko' && x.value !== '');
    return c ? { value: c.value, httpOnly: c.httpOnly } : undefined;
  }

  /** Runs a test step; on failure adds a screenshot path, the page record and the flow traffic to the error. */
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const shot = await screenshot(this.page, name);
      const rec = await this.pageRecord().catch(() => undefined);
      const msg = [
        err instanceof Error ? err.message : String(err),
        `screenshot: ${shot}`,
        `page states: ${JSON.stringify(rec?.states ?? null)}`,
        `page events: ${JSON.stringify(rec?.events.map((e) => e.type) ?? null)}`,
        `page errors: ${JSON.stringify(rec?.errors ?? null)}`,
        'flow traffic:',
        ...this.log.map((l) => `  ${l}`),
      ].join('\n');
      const wrapped = new Error(msg);
      if (err instanceof Error) wrapped.stack = `${msg}\n${err.stack ?? ''}`;
      throw wrapped;
    }
  }
}
