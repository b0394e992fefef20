// A tiny HTTP client for integration tests, with a cookie jar like a browser's.
import { inject } from 'vitest';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export class ApiClient {
  private readonly cookies = new Map<string, string>();
  /** Every Set-Cookie header this client received, in order. */
  readonly received: string[] = [];

  constructor(readonly baseUrl: string = inject('baseUrl')) {}

  static async signedIn(email: string, baseUrl?: string): Promise<ApiClient> {
    const client = new ApiClient(baseUrl);
    const res = await client.request('POST', '/api/session', { email, password: 'bookstore' });
    if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return client;
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    this.applySetCookies(res.headers.getSetCookie());
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, headers: res.headers };
  }

  /** Applies Set-Cookie headers as a browser would, in order; records them in `received`. */
  applySetCookies(headers: readonly string[]): void {
    for (const setCookie of headers) {
      this.received.push(setCookie);
      const [pair = ''] = setCookie.split(';');
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(setCookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** Another client with this one's cookies: requests it sends overlap this one's, and their answers land when the test says (`applySetCookies`). */
  fork(): ApiClient {
    const copy = new ApiClient(this.baseUrl);
    for (const [name, value] of this.cookies) copy.cookies.set(name, value);
    return copy;
  }

  /** The Cookie header a browser would send, for other clients (socket.io) acting as this user. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }

  /** Resolves once the read model has reached `position` (the consistency token). */
  async waitForProjection(position: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await this.get<{ position: number }>('/api/projection');
      if (body.position >= position) return;
      if (Date.now() > deadline) throw new Error(`projection stuck at ${body.position}, waiting for ${position}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
