import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topUp } from '../../db/ledger/operations';
import { freshId, type TestEnterprise } from '../support';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';

/**
 * The edges of every input (#14): amounts are plain decimals only; control characters are refused naming the
 * field; every refusal the HTTP layer makes itself (404, 405, 413, 414, 415, 431) has the one error shape.
 */
let api: Api;
let ent: TestEnterprise;
let tokens: Tokens;
let A: number, B: number;

beforeAll(async () => {
  api = await startTestApi();
  ({ ent, tokens } = await enterpriseWithTokens(api.db, 2));
  [A, B] = ent.members as [number, number];
  await topUp(api.db, { key: freshId('top'), accountId: A, amount: 500_00n, actor: 'test' });
});
afterAll(async () => api?.close());

const ops = () => ({ 'idempotency-key': freshId('evt') });

/** [endpoint, role, method, url, body for an amount, the field named, extra headers]. */
type MoneyEndpoint = [string, keyof Tokens, 'GET' | 'POST' | 'PUT', (amount: string) => string, ((amount: string) => unknown) | undefined, string, (() => Record<string, string>)?];
const q = encodeURIComponent;
const ENDPOINTS: MoneyEndpoint[] = [
  ['transfer', 'enterprise_admin', 'POST', () => '/transfers', (amount) => ({ fromAccountId: A, toAccountId: B, amount }), 'amount'],
  ['withdrawal', 'enterprise_admin', 'POST', () => '/withdrawals', (amount) => ({ fromAccountId: B, toAccountId: A, amount }), 'amount'],
  ['transfer batch', 'enterprise_admin', 'POST', () => '/transfer-batches', (amount) => ({ items: [{ fromAccountId: A, toAccountId: B, amount }] }), 'items[0].amount'],
  ['credit limit (newLimit)', 'enterprise_admin', 'PUT', () => `/accounts/${A}/credit-limit`, (newLimit) => ({ newLimit, reason: 'r' }), 'newLimit'],
  ['credit limit (delta)', 'enterprise_admin', 'PUT', () => `/accounts/${A}/credit-limit`, (delta) => ({ delta, reason: 'r' }), 'delta'],
  ['credit limit move', 'enterprise_admin', 'POST', () => '/credit-limit-moves', (amount) => ({ fromAccountId: A, toAccountId: B, amount, reason: 'r' }), 'amount'],
  ['top-up', 'ops', 'POST', () => `/accounts/${A}/top-ups`, (amount) => ({ amount }), 'amount', ops],
  ['charge', 'ops', 'POST', () => `/accounts/${A}/charges`, (amount) => ({ amount }), 'amount', ops],
  ['repayment', 'ops', 'POST', () => `/accounts/${A}/repayments`, (amount) => ({ amount }), 'amount', ops],
  ['credit refund', 'ops', 'POST', () => `/accounts/${A}/credit-refunds`, (amount) => ({ amount }), 'amount', ops],
  ['coupon', 'ops', 'POST', () => `/accounts/${A}/coupons`, (amount) => ({ amount, validFrom: '2026-01-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z' }), 'amount', ops],
  ['credit application', 'account_manager', 'POST', () => `/enterprises/${ent.id}/credit-applications`, (publicCloud) => ({ publicCloud, hybridCloud: '0', reason: 'r' }), 'publicCloud'],
  ['alert threshold', 'enterprise_admin', 'PUT', () => `/accounts/${A}/alert`, (threshold) => ({ threshold }), 'threshold'],
  ['batch alert threshold', 'enterprise_admin', 'POST', () => '/alerts/batch', (threshold) => ({ accountIds: [A], threshold }), 'threshold'],
  ['transfer preview', 'enterprise_admin', 'GET', (amount) => `/transfers/preview?from=${A}&to=${B}&amount=${q(amount)}`, undefined, 'amount'],
  ['credit-limit preview', 'enterprise_admin', 'GET', (newLimit) => `/accounts/${A}/credit-limit/preview?newLimit=${q(newLimit)}`, undefined, 'newLimit'],
];

const NOT_PLAIN = ['100\n', ' 100 ', '1\u00a0', '0100', '+100', '00.50', '-0', '１００', '100.', '.5'];

describe('amounts are plain decimals only', () => {
  for (const [name, role, method, url, body, field, headers] of ENDPOINTS) {
    it(name, async () => {
      const before = await api.db('accounts').where({ id: A }).first();
      for (const amount of NOT_PLAIN) {
        const res = await call(api.app, tokens[role], method, url(amount), body?.(amount), headers?.());
        expect([amount, res.status, res.body.error.code, res.body.error.details.field]).toEqual([amount, 400, 'INVALID_AMOUNT', field]);
      }
      expect(await api.db('accounts').where({ id: A }).first()).toEqual(before);
    });
  }
});

describe('control characters', () => {
  const cases: Array<[string, 'GET' | 'PUT' | 'POST', () => string, unknown, string]> = [
    ['NUL in a search', 'GET', () => `/enterprises/${ent.id}/accounts?search=a%00b`, undefined, 'search'],
    ['NUL in a reason', 'PUT', () => `/accounts/${A}/credit-limit`, { newLimit: '1.00', reason: 'a\u0000b' }, 'reason'],
    ['a bell in a batch item', 'POST', () => '/transfer-batches', { items: [{ fromAccountId: 1, toAccountId: 2, amount: '1\u0007' }] }, 'items[0].amount'],
    ['NUL in a request id', 'GET', () => '/transfers/ab%00c', undefined, 'requestId'],
    ['an escape in a field name', 'PUT', () => `/accounts/${A}/alert`, { 'thr\u001beshold': '1.00' }, 'thr\u001beshold'],
  ];
  for (const [name, method, url, body, field] of cases) {
    it(`${name} is refused naming the field`, async () => {
      const res = await call(api.app, tokens.enterprise_admin, method, url(), body);
      expect([res.status, res.body.error.code, res.body.error.details.field]).toEqual([400, 'VALIDATION_FAILED', field]);
      expect(res.body.error.message).toContain('control characters');
    });
  }

  it('leaves line breaks and tabs in free text alone', async () => {
    const res = await call(api.app, tokens.enterprise_admin, 'GET', `/enterprises/${ent.id}/accounts?search=${q('a\tb')}`);
    expect(res.status).toBe(200);
  });
});

describe('every refusal of the HTTP layer has the one error shape', () => {
  const shape = { error: { code: expect.any(String), message: expect.any(String), details: expect.any(Object) } };

  it('404 for an unknown route, 405 with Allow for a method a known path does not take', async () => {
    const unknown = await call(api.app, tokens.ops, 'GET', '/no/such/route');
    expect([unknown.status, unknown.body]).toEqual([404, { error: { code: 'NOT_FOUND', message: 'no route GET /no/such/route', details: {} } }]);
    const cases: Array<['DELETE' | 'GET' | 'PUT' | 'PATCH', string, string]> = [
      ['DELETE', '/transfers', 'POST'], ['GET', '/transfers', 'POST'], ['PUT', `/accounts/${A}`, 'GET, HEAD, PATCH'],
      ['PATCH', `/accounts/${A}/credit-limit`, 'PUT'], ['DELETE', '/transfers/preview', 'GET, HEAD'],
    ];
    for (const [method, url, allow] of cases) {
      const res = await call(api.app, tokens.enterprise_admin, method, url);
      expect([method, url, res.status, res.headers.allow, res.body]).toEqual([method, url, 405, allow, shape]);
      expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
    }
    expect((await api.app.inject({ method: 'HEAD', url: '/health' })).statusCode).toBe(200);
  });

  it('413, 414 and 415', async () => {
    const big = await call(api.app, tokens.ops, 'POST', `/accounts/${A}/top-ups`, JSON.stringify({ amount: '1.00', pad: 'x'.repeat(2 * 1024 * 1024) }), ops());
    expect([big.status, big.body.error.code, big.body]).toEqual([413, 'PAYLOAD_TOO_LARGE', shape]);
    const long = await call(api.app, tokens.ops, 'GET', `/accounts/${'1'.repeat(300)}`);
    expect([long.status, long.body.error.code, long.body]).toEqual([414, 'URI_TOO_LONG', shape]);
    const xml = await api.app.inject({ method: 'POST', url: '/transfers', payload: '<a/>', headers: { authorization: `Bearer ${tokens.enterprise_admin}`, 'content-type': 'application/xml' } });
    expect([xml.statusCode, JSON.parse(xml.body)]).toEqual([415, { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.any(String), details: {} } }]);
    const badUrl = await call(api.app, tokens.ops, 'GET', '/accounts/%E0%A4%A');
    expect([badUrl.status, badUrl.body.error.code, badUrl.body.error.details.field]).toEqual([400, 'VALIDATION_FAILED', 'url']);
  });

  it('431 from the HTTP parser itself, on a real socket', async () => {
    const server = await startTestApi({ db: api.db });
    try {
      await server.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = server.app.server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/accounts/1?pad=${'x'.repeat(20_000)}`);
      expect([res.status, await res.json()]).toEqual([431, { error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String), details: {} } }]);
    } finally {
      await server.close();
    }
  });
});
