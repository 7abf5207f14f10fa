import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UamError, isErrorCode, type ErrorCode } from '../core/errors';
import { mapDbError, stripQueryPrefix } from '../db/errors';
import { formatYuan } from '../domain/money';

/** The one error body every route answers with. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: Record<string, unknown> };
}

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `/items/0/amount` + missing `reason` → `items[0].amount` / `reason`: the field a user typed. */
function fieldOf(issue: ValidationIssue, part: string | undefined): string {
  const path = issue.instancePath.split('/').filter(Boolean).map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
  const leaf = (issue.params.missingProperty ?? issue.params.additionalProperty) as string | undefined;
  const field = [path, leaf].filter(Boolean).join('.');
  return field || (part === 'body' ? 'body' : part ?? 'request');
}

function fromValidation(err: FastifyError): UamError {
  const issue = err.validation?.[0] as ValidationIssue | undefined;
  if (!issue) return new UamError('VALIDATION_FAILED', err.message);
  const field = fieldOf(issue, err.validationContext);
  const why = issue.keyword === 'additionalProperties' ? 'is not a known field' : (issue.message ?? 'is invalid');
  return new UamError('VALIDATION_FAILED', `${field}: ${why}`, { field, in: err.validationContext, rule: issue.keyword });
}

const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P03', '53300']);

/** A business failure that crossed Temporal keeps its code as the ApplicationFailure `type`: find it in the cause chain. */
function fromCauseChain(err: unknown): UamError | undefined {
  for (let e = err as { type?: unknown; message?: string; details?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 8; e = e.cause as typeof e, depth++) {
    if (e instanceof UamError) return e;
    if (isErrorCode(e.type)) {
      const first = Array.isArray(e.details) ? e.details[0] : undefined;
      return new UamError(e.type, e.message ?? e.type, typeof first === 'object' && first ? (first as Record<string, unknown>) : {});
    }
  }
  return undefined;
}

/** Maps anything thrown to a UamError; INTERNAL (500) only for real faults. */
export function toUamError(err: unknown): UamError {
  const mapped = mapDbError(err);
  if (mapped instanceof UamError) return mapped;
  const e = err as FastifyError & { name?: string };
  if (e?.validation) return fromValidation(e);
  const chained = fromCauseChain(err);
  if (chained) return chained;
  if (e?.name === 'WorkflowNotFoundError') return new UamError('NOT_FOUND', 'no such workflow');
  if (e?.name === 'WorkflowExecutionAlreadyStartedError') return new UamError('CONFLICT', 'that request was already started');
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new UamError('PAYLOAD_TOO_LARGE', 'request body is too large');
  if (e?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new UamError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new UamError('VALIDATION_FAILED', `body: ${e.message}`, { field: 'body' });
  }
  if (UNAVAILABLE.has(String(e?.code)) || e?.name === 'KnexTimeoutError' || e?.name === 'ServiceError') {
    return new UamError('DEPENDENCY_UNAVAILABLE', 'a service uam depends on is unavailable; try again shortly');
  }
  return new UamError('INTERNAL', 'internal error');
}

/** Ledger details carry money as fen strings: at the edge they read as yuan, like every amount the API shows. */
const MONEY_DETAILS = new Set([
  'maximum', 'minimum', 'maximumWithoutStop', 'assigned', 'available', 'availableAfter', 'total', 'amount', 'currentLimit', 'newLimit',
  'creditLimit',
]);
const isFen = (v: unknown): v is string => typeof v === 'string' && /^-?\d+$/.test(v);


/**
 * A message as users read it: without SQL, and in yuan ("at most 12345 fen" → "at most 123.45 yuan"), since
 * ledger messages speak fen.
 */
export const userText = (message: string): string =>
  stripQueryPrefix(message).replace(/(-?\d+(?: \+ -?\d+)*) fen\b/g, (_m, amounts: string) =>
    `${amounts.replace(/-?\d+/g, (fen) => formatYuan(BigInt(fen)))} yuan`);

function inYuan(err: UamError): UamError {
  const details = Object.fromEntries(Object.entries(err.details).map(([k, v]) => {
    if (MONEY_DETAILS.has(k) && isFen(v)) return [k, formatYuan(BigInt(v))];
    // A limit's terms (see domain/limits.ts): each figure in yuan too.
    if (k === 'terms' && Array.isArray(v)) return [k, v.map((t: { amount?: unknown }) => (isFen(t.amount) ? { ...t, amount: formatYuan(BigInt(t.amount)) } : t))];
    return [k, v];
  }));
  return new UamError(err.code, userText(err.message), details);
}

/** Answers with the error body (also for scopes whose plugins install their own error handler). */
export function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const uam = inYuan(toUamError(err));
  if (uam.status >= 500) request.log.error({ err }, `request failed: ${uam.code}`);
  else request.log.info({ code: uam.code, details: uam.details }, uam.message);
  const details = uam.status >= 500 ? { ...uam.details, requestId: request.id } : uam.details;
  const body: ErrorBody = { error: { code: uam.code, message: uam.message, details } };
  return reply.status(uam.status).type('application/json').send(body);
}

/** One JSON error shape; 5xx are logged with their stack, clients never see it. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}`, details: {} } };
    return reply.status(404).send(body);
  });
}
