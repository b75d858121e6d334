/** One answer of the admin API: status and JSON body. */
export interface FleetApiResponse {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Fleet's admin REST API (`/api/latest/fleet`) as e2e tests call it: JSON bodies, a bearer token.
 * `call` returns any answer; `ok` expects 200 and throws with the body otherwise.
 */
export class FleetApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly prefix = '/api/latest/fleet',
  ) {}

  /** The same API under another principal's token. */
  as(token: string): FleetApiClient {
    return new FleetApiClient(this.baseUrl, token, this.prefix);
  }

  async call(method: string, path: string, body?: unknown): Promise<FleetApiResponse> {
    const res = await fetch(`${this.baseUrl}${this.prefix}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call(method, path, body);
    if (res.status !== 200) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  }
}
