// A lean HTTP client for load: node:http over a keep-alive agent (cheaper per
// request than fetch, which matters when the load generator shares the
// machine's cores with the servers), with a cookie jar per simulated user.
import http from 'node:http';

export interface HttpResult<T> {
  status: number;
  body: T;
  /** Request start to the last byte of the response, in ms. */
  ms: number;
}

const agents = new Map<string, http.Agent>();

/** One keep-alive pool per origin, shared by every simulated user. */
function agentFor(origin: string): http.Agent {
  let agent = agents.get(origin);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512 });
    agents.set(origin, agent);
  }
  return agent;
}

export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

export class HttpClient {
  private readonly cookies = new Map<string, string>();
  private readonly url: URL;

  /** A request not answered within `timeoutMs` fails (as a lost answer): a load run must never wait forever on one. */
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 60_000,
  ) {
    this.url = new URL(baseUrl);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** A second client for another web instance, carrying the same session. */
  on(baseUrl: string): HttpClient {
    const other = new HttpClient(baseUrl, this.timeoutMs);
    for (const [k, v] of this.cookies) other.cookies.set(k, v);
    return other;
  }

  request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          path,
          method,
          agent: agentFor(this.url.origin),
          headers: {
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
            ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - started;
            for (const setCookie of res.headers['set-cookie'] ?? []) this.storeCookie(setCookie);
            const text = Buffer.concat(chunks).toString();
            try {
              resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : {}) as T, ms });
            } catch {
              resolve({ status: res.statusCode ?? 0, body: { raw: text } as T, ms });
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer to ${method} ${path} within ${this.timeoutMs} ms`)));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }

  private storeCookie(setCookie: string): void {
    const [pair = ''] = setCookie.split(';');
    const eq = pair.indexOf('=');
    const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
    if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(setCookie)) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}
