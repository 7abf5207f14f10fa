import { refusalMessage } from '../domain/refusals';
import { UamError, isErrorCode } from './errors';

/**
 * The one translator from anything thrown to the failure users see, a UamError {code, message, details}: the
 * ledger's refusals (Postgres, with the code in HINT and the figures in DETAIL), database constraint and
 * connection errors, Temporal failures (a business refusal keeps its code as the ApplicationFailure type
 * through activities, child workflows and updates), request validation, and network faults. The API, the CLI,
 * activities and workflows all call it. It is pure — shapes are recognised, not imported — so workflow code
 * may use it too.
 */
export interface TranslateOptions {
  /** What an unknown workflow means to the caller (an application or transfer that does not exist for them). */
  notFound?: () => UamError;
}

type Thrown = Record<string, unknown> & { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };

const SQLSTATE = /^[0-9A-Z]{5}$/;
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);
// gRPC status codes of a Temporal server that cannot be reached or did not answer in time.
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

const unavailable = (what: string) => new UamError('DEPENDENCY_UNAVAILABLE', `${what} is unavailable; try again shortly`);

/** Knex prefixes a database error's message with the SQL that failed; users never need to see our queries. */
const withoutQuery = (message: string): string => message.replace(/^\s*(?:select|insert|update|delete|with|call)\b[\s\S]*? - /i, '');

function fromPostgres(e: Thrown): UamError | undefined {
  if (typeof e.code !== 'string' || !SQLSTATE.test(e.code) || !('severity' in e || 'routine' in e)) return undefined;
  const { code, hint, detail, constraint } = e as { code: string; hint?: string; detail?: string; constraint?: string };
  if (code === 'P0001' && isErrorCode(hint)) {
    let details: Record<string, unknown>;
    try {
      details = detail ? (JSON.parse(detail) as Record<string, unknown>) : {};
    } catch {
      details = { detail };
    }
    return new UamError(hint, refusalMessage(hint, details) ?? withoutQuery(String(e.message ?? hint)), details);
  }
  if (code === '23505') return new UamError('CONFLICT', 'that record already exists', { constraint });
  if (code === '23503') return new UamError('NOT_FOUND', 'a referenced record does not exist', { constraint });
  if (code === '23514') return new UamError('INVALID_STATE', `the change breaks the rule ${constraint ?? ''}`.trim(), { constraint });
  if (['22P02', '22003', '22021', '22P05', '54000'].includes(code)) return new UamError('VALIDATION_FAILED', 'a value has the wrong form or is out of range');
  if (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code)) return unavailable('the database');
  return undefined;
}

function fromTemporal(e: Thrown, options: TranslateOptions): UamError | undefined {
  if (e.name === 'ApplicationFailure' && isErrorCode(e.type)) {
    const first = Array.isArray(e.details) ? (e.details[0] as unknown) : undefined;
    return new UamError(e.type, String(e.message ?? e.type), typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {});
  }
  if (e.name === 'CancelledFailure') return new UamError('CANCELLED', 'cancelled before it finished');
  if (e.name === 'WorkflowNotFoundError') return options.notFound?.() ?? new UamError('NOT_FOUND', 'no such workflow');
  if (e.name === 'WorkflowExecutionAlreadyStartedError') return new UamError('CONFLICT', `${String(e.workflowId ?? 'that request')} was already started`);
  const grpc = typeof e.code === 'number' && 'metadata' in e;
  if ((grpc && (e.code === GRPC_UNAVAILABLE || e.code === GRPC_DEADLINE_EXCEEDED)) || (e.name === 'ServiceError' && /connect/i.test(String(e.message)))) {
    return unavailable('the workflow service');
  }
  return undefined;
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
  return [path, leaf].filter(Boolean).join('.') || (part === 'body' ? 'body' : part ?? 'request');
}

/** Request validation (Fastify/Ajv) and the HTTP layer's own refusals. */
function fromRequest(e: Thrown): UamError | undefined {
  const issue = Array.isArray(e.validation) ? (e.validation[0] as ValidationIssue | undefined) : undefined;
  if (issue) {
    const field = fieldOf(issue, e.validationContext as string | undefined);
    const why = issue.keyword === 'additionalProperties' ? 'is not a known field' : (issue.message ?? 'is invalid');
    return new UamError('VALIDATION_FAILED', `${field}: ${why}`, { field, in: e.validationContext, rule: issue.keyword });
  }
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new UamError('PAYLOAD_TOO_LARGE', 'request body is too large');
  if (e.code === 'FST_ERR_MAX_PARAM_LENGTH') return new UamError('URI_TOO_LONG', 'a part of the URL is too long', { field: 'url' });
  if (e.code === 'FST_ERR_BAD_URL') return new UamError('VALIDATION_FAILED', 'url: is not a valid URL', { field: 'url' });
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new UamError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new UamError('VALIDATION_FAILED', `body: ${String(e.message)}`, { field: 'body' });
  }
  return undefined;
}

function fromNetwork(e: Thrown): UamError | undefined {
  if (UNREACHABLE.has(String(e.code)) || e.name === 'KnexTimeoutError') return unavailable('a service uam depends on');
  return undefined;
}

/** The failure users see, when `err` (or a cause of it) is one the translator knows; undefined for real faults. */
export function asUamError(err: unknown, options: TranslateOptions = {}): UamError | undefined {
  for (let e = err as Thrown | undefined, depth = 0; typeof e === 'object' && e !== null && depth < 8; e = e.cause as Thrown | undefined, depth++) {
    if (e instanceof UamError) return e;
    const known = fromPostgres(e) ?? fromTemporal(e, options) ?? fromRequest(e) ?? fromNetwork(e);
    if (known) return known;
  }
  return undefined;
}

/** Always a UamError: a fault nobody foresaw is INTERNAL, and says nothing about our internals. */
export function toUamError(err: unknown, options: TranslateOptions = {}): UamError {
  return asUamError(err, options) ?? new UamError('INTERNAL', 'internal error');
}

/** The failure as workflow status and "failed" messages carry it. */
export function failureOf(err: unknown): { code: string; message: string } {
  const { code, message } = toUamError(err);
  return { code, message };
}
