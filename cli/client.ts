/**
 * The CLI's HTTP client for the uam API. A 4xx is a refusal (the API said no, with a code); a 5xx or no
 * answer at all is a fault. Commands map them to different exit codes (see cli/run.ts).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';

export interface ApiErrorBody {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export class ApiRefusal extends Error {
  override readonly name = 'ApiRefusal';
  constructor(readonly status: number, readonly body: ApiErrorBody) {
    super(body.message);
  }
}

export class ApiFault extends Error {
  override readonly name = 'ApiFault';
}

/** A response whose body is still to be read: all of it as text, or `body` as a Node stream. */
export class ApiResponse {
  constructor(readonly status: number, readonly body: IncomingMessage) {}

  header(name: string): string | undefined {
    const value = this.body.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  async text(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
}

async function send(method: string, url: string, headers: Record<string, string>, payload: string | undefined): Promise<IncomingMessage> {
  // TLS is loaded only for an https API address.
  const request = url.startsWith('https:') ? (await import('node:https')).request : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, resolve);
    req.on('error', reject);
    req.end(payload);
  });
}

export interface ClientOptions {
  apiUrl: string;
  token?: string;
}

type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A body sent as it is (a CSV file), instead of `body` as JSON. */
  raw?: { text: string; contentType: string };
  headers?: Record<string, string>;
}

export class ApiClient {
  constructor(private readonly options: ClientOptions) {}

  url(path: string, query: Query = {}): string {
    const url = new URL(path, this.options.apiUrl.replace(/\/?$/, '/'));
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.href;
  }

  /**
   * The response of a successful request, its body not yet read (for streams); refusals and faults are thrown.
   * Node's own http client rather than fetch: fetch's first use loads undici, a tenth of a second at every start.
   */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    const payload = options.raw?.text ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (payload !== undefined) headers['content-type'] = options.raw?.contentType ?? 'application/json';
    let res: IncomingMessage;
    try {
      res = await send(method, this.url(path.replace(/^\//, ''), options.query), headers, payload);
    } catch (err) {
      const cause = (err as { code?: string }).code ?? (err as Error).message;
      throw new ApiFault(`cannot reach the uam API at ${this.options.apiUrl} (${cause}); is it running? (npm start, or set UAM_API_URL)`);
    }
    const status = res.statusCode ?? 0;
    const response = new ApiResponse(status, res);
    if (status >= 200 && status < 300) return response;
    const text = await response.text();
    let body: ApiErrorBody | undefined;
    try {
      body = (JSON.parse(text) as { error?: ApiErrorBody }).error;
    } catch {
      body = undefined;
    }
    const requestId = response.header('x-request-id');
    if (status >= 400 && status < 500 && body) throw new ApiRefusal(status, body);
    throw new ApiFault(`the API failed (HTTP ${status}${body ? `, ${body.code}: ${body.message}` : ''})${requestId ? `; request id ${requestId}` : ''}`);
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, options);
    return JSON.parse(await res.text()) as T;
  }

  get = <T>(path: string, query?: Query) => this.json<T>('GET', path, { query });
  post = <T>(path: string, body: unknown = {}) => this.json<T>('POST', path, { body });
  put = <T>(path: string, body: unknown = {}) => this.json<T>('PUT', path, { body });
  patch = <T>(path: string, body: unknown = {}) => this.json<T>('PATCH', path, { body });
  delete = <T>(path: string) => this.json<T>('DELETE', path);
}
