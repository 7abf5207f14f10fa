import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/connection';
import { testConfig, type TestEnterprise } from '../support';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';

let api: Api;
let ent: TestEnterprise;
let tokens: Tokens;

beforeAll(async () => {
  api = await startTestApi();
  ({ ent, tokens } = await enterpriseWithTokens(api.db, 2));
  await call(api.app, tokens.enterprise_admin, 'PUT', `/accounts/${ent.members[0]}/alert`, { threshold: '100.00' });
});
afterAll(async () => api?.close());

const setAlert = (body: unknown) => call(api.app, tokens.enterprise_admin, 'PUT', `/accounts/${ent.members[0]}/alert`, body);
const threshold = async () => (await api.db('accounts').where({ id: ent.members[0] }).first()).alert_threshold as bigint;

describe('bad requests are refused with a code naming the field, and change nothing', () => {
  const cases: Array<[string, unknown, number, string, string]> = [
    ['a number instead of a decimal string', { threshold: 100 }, 400, 'VALIDATION_FAILED', 'threshold'],
    ['a negative amount', { threshold: '-5.00' }, 400, 'INVALID_AMOUNT', 'threshold'],
    ['a huge amount', { threshold: '1000000000000000' }, 400, 'INVALID_AMOUNT', 'threshold'],
    ['three decimal places', { threshold: '1.234' }, 400, 'INVALID_AMOUNT', 'threshold'],
    ['an exponent', { threshold: '1e5' }, 400, 'INVALID_AMOUNT', 'threshold'],
    ['an empty amount', { threshold: '' }, 400, 'INVALID_AMOUNT', 'threshold'],
    ['a string flag', { threshold: '1.00', enabled: 'yes' }, 400, 'VALIDATION_FAILED', 'enabled'],
    ['an unknown field', { threshold: '1.00', treshold: '2.00' }, 400, 'VALIDATION_FAILED', 'treshold'],
    ['nothing to change', {}, 400, 'VALIDATION_FAILED', 'threshold'],
    ['malformed JSON', '{"threshold": "1.00",', 400, 'VALIDATION_FAILED', 'body'],
    ['an array body', '[]', 400, 'VALIDATION_FAILED', 'body'],
  ];
  for (const [label, body, status, code, field] of cases) {
    it(label, async () => {
      const res = await setAlert(body);
      expect([res.status, res.body.error.code, res.body.error.details.field]).toEqual([status, code, field]);
      expect(res.body.error.message).toContain(field);
      expect(await threshold()).toBe(100_00n);
    });
  }

  it('refuses bad batches: empty, wrong id types, too many', async () => {
    for (const accountIds of [[], ['1'], [0], [1.5], Array.from({ length: 10_001 }, (_, i) => i + 1)]) {
      const res = await call(api.app, tokens.enterprise_admin, 'POST', '/alerts/batch', { accountIds, threshold: '1.00' });
      expect([res.status, res.body.error.code, res.body.error.details.field]).toEqual([400, 'VALIDATION_FAILED', expect.stringMatching(/^accountIds/)]);
    }
    expect(await threshold()).toBe(100_00n);
  });

  it('refuses a non-JSON body and an oversized one', async () => {
    const text = await api.app.inject({ method: 'PUT', url: `/accounts/${ent.members[0]}/alert`, payload: '<threshold>1</threshold>', headers: { authorization: `Bearer ${tokens.enterprise_admin}`, 'content-type': 'application/xml' } });
    expect([text.statusCode, JSON.parse(text.body).error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const big = await call(api.app, tokens.enterprise_admin, 'PUT', `/accounts/${ent.members[0]}/alert`, JSON.stringify({ threshold: '1.00', pad: 'x'.repeat(2 * 1024 * 1024) }));
    expect([big.status, big.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await threshold()).toBe(100_00n);
  });

  it('refuses oversized pages, bad ids, bad cursors and unknown ids', async () => {
    const get = (url: string) => call(api.app, tokens.enterprise_admin, 'GET', url);
    const page = await get(`/enterprises/${ent.id}/accounts?limit=501`);
    expect([page.status, page.body.error.code, page.body.error.details]).toEqual([400, 'VALIDATION_FAILED', expect.objectContaining({ field: 'limit' })]);
    const history = await get(`/accounts/${ent.members[0]}/transactions?limit=100000`);
    expect(history.body.error.details.field).toBe('limit');
    const badId = await get('/accounts/abc');
    expect([badId.status, badId.body.error.details.field]).toEqual([400, 'accountId']);
    const cursor = await get(`/enterprises/${ent.id}/accounts?cursor=bm9wZQ`);
    expect([cursor.status, cursor.body.error.details.field]).toEqual([400, 'cursor']);
    const sort = await get(`/enterprises/${ent.id}/accounts?sort=password`);
    expect([sort.status, sort.body.error.details.field]).toEqual([400, 'sort']);
    const unknown = await get('/accounts/2147483000');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'ACCOUNT_NOT_FOUND']);
    const route = await get('/no/such/route');
    expect([route.status, route.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('amounts that move money are refused before anything starts', () => {
  const cases: Array<[unknown, string, string]> = [
    ['-1.00', 'INVALID_AMOUNT', 'amount'], ['0', 'INVALID_AMOUNT', 'amount'], ['1e3', 'INVALID_AMOUNT', 'amount'],
    ['1000000000000000.00', 'INVALID_AMOUNT', 'amount'], ['12.345', 'INVALID_AMOUNT', 'amount'], [100, 'VALIDATION_FAILED', 'amount'],
    [null, 'VALIDATION_FAILED', 'amount'],
  ];
  for (const [amount, code, field] of cases) {
    it(`transfer of ${JSON.stringify(amount)}`, async () => {
      const res = await call(api.app, tokens.enterprise_admin, 'POST', '/transfers', { fromAccountId: ent.members[0], toAccountId: ent.members[1], amount });
      expect([res.status, res.body.error.code, res.body.error.details.field]).toEqual([400, code, field]);
    });
  }

  it('refuses a member limit of the wrong type or size, and an unknown body field, naming it', async () => {
    const put = (body: unknown) => call(api.app, tokens.enterprise_admin, 'PUT', `/accounts/${ent.members[0]}/credit-limit`, body);
    expect((await put({ newLimit: -5, reason: 'r' })).body.error.details.field).toBe('newLimit');
    expect((await put({ newLimit: '99999999999999999', reason: 'r' })).body.error).toMatchObject({ code: 'INVALID_AMOUNT', details: { field: 'newLimit' } });
    expect((await put({ newLimit: '1.00', reason: 'r', accountId: 9 })).body.error.details.field).toBe('accountId');
    expect((await put({ newLimit: '1.00' })).body.error.details.field).toBe('reason');
    expect((await api.db('accounts').where({ id: ent.members[0] }).first()).credit_limit).toBe(0n);
  });
});

describe('faults and request ids', () => {
  it('answers an unexpected fault with 500 INTERNAL, the request id and no stack trace', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(...String(chunk).trim().split('\n')); done(); } });
    const { app, close } = await startTestApi({ logger: pino({ level: 'info' }, sink) });
    app.get('/test-fault', async () => { throw new Error('secret internals at /srv/app.ts:12'); });
    try {
      const res = await app.inject({ url: '/test-fault', headers: { 'x-request-id': 'trace-123' } });
      expect(res.statusCode).toBe(500);
      expect(res.headers['x-request-id']).toBe('trace-123');
      expect(JSON.parse(res.body)).toEqual({ error: { code: 'INTERNAL', message: 'internal error', details: { requestId: 'trace-123' } } });
      const ok = await app.inject({ url: '/health' });
      expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const mine = lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === 'trace-123');
      expect(mine.length).toBeGreaterThanOrEqual(3); // incoming, the error with its stack, completed
      expect(mine.some((l) => l.err?.stack?.includes('secret internals'))).toBe(true);
      expect(lines.map((l) => JSON.parse(l)).filter((l) => l.req || l.res || l.err).every((l) => typeof l.reqId === 'string')).toBe(true);
    } finally {
      await close();
    }
  });

  it('answers 503 DEPENDENCY_UNAVAILABLE when Postgres cannot be reached', async () => {
    const db = createDb(testConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/uam' }), { acquireConnectionTimeout: 2000 });
    const { app, close } = await startTestApi({ db });
    try {
      const res = await call(app, tokens.ops, 'GET', '/enterprises');
      expect([res.status, res.body.error.code]).toEqual([503, 'DEPENDENCY_UNAVAILABLE']);
      expect(res.text).not.toMatch(/ECONNREFUSED|\bat \S+:\d+/);
    } finally {
      await close();
      await db.destroy();
    }
  });
});
