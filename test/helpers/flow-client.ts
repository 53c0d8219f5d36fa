/** A client that knows nothing but the wire format: it only follows `actions[*].href` (like the SDK). */
export interface FlowState {
  name: string;
  status: number;
  payload?: Record<string, unknown>;
  csrf_token: string;
  actions: Record<string, { href: string; inputs: Record<string, unknown>; action: string }>;
  error?: { code: string; message: string };
  links: null;
}

export class FlowClient {
  lastResponse?: Response;
  constructor(
    readonly baseUrl: string,
    readonly headers: Record<string, string> = {},
  ) {}

  async start(flow: string): Promise<FlowState> {
    return this.post(`/${flow}`, undefined);
  }

  async run(state: FlowState, action: string, input: Record<string, unknown> = {}): Promise<FlowState> {
    const a = state.actions[action];
    if (!a)
      throw new Error(
        `action ${action} not offered in ${state.name}: ${Object.keys(state.actions).join(', ')}`,
      );
    return this.post(a.href, { input_data: input, csrf_token: state.csrf_token });
  }

  async post(path: string, body: unknown): Promise<FlowState> {
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...this.headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    this.lastResponse = res;
    const json = (await res.json()) as FlowState;
    if (json.status !== res.status)
      throw new Error(`status mismatch: body ${json.status}, http ${res.status}`);
    return json;
  }
}
