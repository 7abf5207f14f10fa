import createClient, { type Middleware } from 'openapi-fetch';
import { readToken } from '../session/token';
import type { paths } from './schema';

/** What the API answers when it refuses: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: Record<string, unknown>) {
    super(message);
  }
}

const withToken: Middleware = {
  onRequest({ request }) {
    const token = readToken();
    if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
};

/** The typed client over the API's own OpenAPI document (same origin: the API serves the console). */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(withToken);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The body of a successful answer; a refusal becomes an ApiError carrying the API's code and details. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error ?? {}) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } };
  throw new ApiError(response.status, body.error?.code ?? 'INTERNAL', body.error?.message ?? response.statusText, body.error?.details ?? {});
}

/** Fired when the API refuses the token itself (revoked, expired): the session listens and ends. */
export const TOKEN_REFUSED = 'uam:token-refused';

api.use({
  onResponse({ response }) {
    if (response.status === 401) window.dispatchEvent(new CustomEvent(TOKEN_REFUSED));
    return response;
  },
});
