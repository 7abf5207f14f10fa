/**
 * JSON schema fragments shared by the routes. They validate requests, shape (and speed up) responses, and
 * are what /openapi.json documents.
 */
import { MAX_PAGE_SIZE } from '../services/accounts';

/** An amount in yuan: a decimal string with at most 2 places. Parsed with parseYuan, which names the field. */
export const yuan = {
  type: 'string',
  maxLength: 40,
  description: 'yuan as a decimal string with at most 2 decimal places',
  examples: ['1234.56'],
} as const;

export const id = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;

/** Nullable as a type list, which fast-json-stringify serializes fast and @fastify/swagger turns into `nullable`. */
export const nullable = <T extends { type: string }>(schema: T) => ({ ...schema, type: [schema.type, 'null'] });

export const idParams = (name: string) => ({
  type: 'object',
  required: [name],
  additionalProperties: false,
  properties: { [name]: id },
}) as const;

/** Keyset paging over history: newest first; `before` is the `next` of the previous page. */
export const historyQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 },
    before: { type: 'string', pattern: '^[0-9]{1,19}$', description: 'the `next` value of the previous page' },
  },
} as const;

export const errorResponse = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', description: 'stable error code (core/errors.ts)' },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: true },
      },
    },
  },
} as const;

/** Response map for a route: its success body plus the one error shape for 4xx and 5xx. */
export const responses = (ok: object, status = 200) => ({ [status]: ok, '4xx': errorResponse, '5xx': errorResponse });

export const accountSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    enterpriseId: { type: 'integer' },
    kind: { type: 'string', enum: ['ma', 'member'] },
    name: { type: 'string' },
    externalId: nullable({ type: 'string', description: "the platform's own identifier of the account" }),
    status: { type: 'string', enum: ['active', 'stopped', 'closed'] },
    available: yuan,
    cashBalance: yuan,
    ownCash: yuan,
    transferBook: yuan,
    held: yuan,
    creditLimit: yuan,
    creditRefund: yuan,
    monthlyUncleared: yuan,
    historicalUncleared: yuan,
    couponBalance: yuan,
    validCoupons: { type: 'integer' },
    alertThreshold: nullable(yuan),
    alertEnabled: { type: 'boolean' },
    alertStatus: { type: 'string', enum: ['off', 'armed', 'fired'], description: 'off; armed (watching); fired (below threshold)' },
    alertRecovered: { type: 'boolean', description: 'a "recovered" message is sent when a fired low-balance alert re-arms' },
    alertRunwayDays: nullable({ type: 'integer', description: 'runway alert: fewer than this many days left; null: off' }),
    spendRate: { ...yuan, description: 'average consumption per day over the last 7 days, yuan (usage charges only)' },
    runwayDays: nullable({
      type: 'string', pattern: '^\\d+\\.\\d$',
      description: 'days the available quota lasts at that rate, one decimal, rounded down; null when nothing was consumed in 7 days',
    }),
  },
} as const;

export const creditChangeSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    enterpriseId: { type: 'integer' },
    accountId: nullable({ type: 'integer' }),
    actor: { type: 'string' },
    oldLimit: yuan,
    newLimit: yuan,
    reason: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const historyPage = (item: object) => ({
  type: 'object',
  properties: { items: { type: 'array', items: item }, next: nullable({ type: 'string' }) },
});

export const principalSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['account_manager', 'credit_reviewer', 'enterprise_admin', 'member', 'ops'] },
    enterpriseId: nullable({ type: 'integer' }),
    accountId: nullable({ type: 'integer' }),
  },
} as const;
