/**
 * The CLI's HTTP client for the uam API. A 4xx is a refusal (the API said no, with a code); a 5xx or no
 * answer at all is a fault. Commands map them to different exit codes (see cli/run.ts).
 */
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

export interface ClientOptions {
  apiUrl: string;
  token?: string;
}

type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
}

export class ApiClient {
  constructor(private readonly options: ClientOptions) {}

  url(path: string, query: Query = {}): string {
    const url = new URL(path, this.options.apiUrl.replace(/\/?$/, '/'));
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.href;
  }

  /** The raw response of a successful request (for streams); refusals and faults are thrown. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.url(path.replace(/^\//, ''), options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new ApiFault(`cannot reach the uam API at ${this.options.apiUrl} (${cause}); is it running? (npm start, or set UAM_API_URL)`);
    }
    if (res.ok) return res;
    const text = await res.text();
    let body: ApiErrorBody | undefined;
    try {
      body = (JSON.parse(text) as { error?: ApiErrorBody }).error;
    } catch {
      body = undefined;
    }
    const requestId = res.headers.get('x-request-id');
    if (res.status >= 400 && res.status < 500 && body) throw new ApiRefusal(res.status, body);
    throw new ApiFault(`the API failed (HTTP ${res.status}${body ? `, ${body.code}: ${body.message}` : ''})${requestId ? `; request id ${requestId}` : ''}`);
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, options);
    return (await res.json()) as T;
  }

  get = <T>(path: string, query?: Query) => this.json<T>('GET', path, { query });
  post = <T>(path: string, body: unknown = {}) => this.json<T>('POST', path, { body });
  put = <T>(path: string, body: unknown = {}) => this.json<T>('PUT', path, { body });
}
