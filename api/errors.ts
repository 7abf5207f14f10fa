import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Duplex } from 'node:stream';
import { UamError, type ErrorCode } from '../core/errors';
import { toUamError } from '../core/failures';
import { formatYuan } from '../domain/money';

/** The one error body every route answers with. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: Record<string, unknown> };
}

/** Figures in details are fen (as text) inside uam; at the edge they read as yuan, like every amount the API shows. */
const MONEY_DETAILS = new Set([
  'maximum', 'minimum', 'maximumWithoutStop', 'assigned', 'available', 'availableAfter', 'total', 'amount', 'currentLimit', 'newLimit',
  'creditLimit',
]);
const isFen = (v: unknown): v is string => typeof v === 'string' && /^-?\d+$/.test(v);

function detailsInYuan(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).map(([k, v]) => {
    if (MONEY_DETAILS.has(k) && isFen(v)) return [k, formatYuan(BigInt(v))];
    // A limit's terms (domain/limits.ts) and what a closing account still holds: each figure in yuan too.
    if ((k === 'terms' || k === 'left') && Array.isArray(v)) {
      return [k, v.map((t: { amount?: unknown }) => (isFen(t.amount) ? { ...t, amount: formatYuan(BigInt(t.amount)) } : t))];
    }
    return [k, v];
  }));
}

/** The body of an error as the API answers it. */
export function errorBody(uam: UamError): ErrorBody {
  return { error: { code: uam.code, message: uam.message, details: detailsInYuan(uam.details) } };
}

/** Answers with the error body (also for scopes whose plugins install their own error handler). */
export function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const uam = toUamError(err);
  if (uam.status >= 500) request.log.error({ err }, `request failed: ${uam.code}`);
  else request.log.info({ code: uam.code, details: uam.details }, uam.message);
  const body = errorBody(uam);
  if (uam.status >= 500) body.error.details = { ...body.error.details, requestId: request.id };
  return reply.status(uam.status).type('application/json').send(body);
}

/**
 * What Node's HTTP parser refuses before any route runs — request line and headers over Node's limit (431),
 * or a request that is not HTTP (400) — answered in the same shape, then the connection closed.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) return;
  const [status, text, uam] = err.code === 'HPE_HEADER_OVERFLOW'
    ? [431, 'Request Header Fields Too Large', new UamError('HEADERS_TOO_LARGE', 'the URL and headers together are too large')]
    : [400, 'Bad Request', new UamError('VALIDATION_FAILED', 'the request is not valid HTTP', { field: 'request' })];
  const body = JSON.stringify(errorBody(uam));
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** One JSON error shape; 5xx are logged with their stack, clients never see it. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}`, details: {} } };
    return reply.status(404).send(body);
  });
}
