import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueues, type Queues } from '../../queues/queues';
import { testConfig } from '../support';
import { enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';

let api: Api;
let queues: Queues;
let tokens: Tokens;

beforeAll(async () => {
  queues = createQueues(testConfig());
  api = await startTestApi({ queues });
  ({ tokens } = await enterpriseWithTokens(api.db, 1));
});
afterAll(async () => {
  await api?.close();
  await queues?.close();
});

const open = (headers: Record<string, string>) => api.app.inject({ url: '/admin/queues', headers });

describe('queue dashboard', () => {
  it('opens for ops with a bearer token or the console cookie', async () => {
    const bearer = await open({ authorization: `Bearer ${tokens.ops}` });
    expect([bearer.statusCode, bearer.headers['content-type']]).toEqual([200, expect.stringContaining('text/html')]);
    const cookie = await open({ cookie: `theme=dark; uam_token=${encodeURIComponent(tokens.ops)}` });
    expect(cookie.statusCode).toBe(200);
    const api_ = await api.app.inject({ url: '/admin/queues/api/queues', headers: { authorization: `Bearer ${tokens.ops}` } });
    expect(JSON.parse(api_.body).queues.map((q: { name: string }) => q.name)).toEqual(expect.arrayContaining(['notifications', 'alert-check']));
  });

  it('refuses everyone else', async () => {
    expect((await open({})).statusCode).toBe(401);
    expect((await open({ cookie: 'uam_token=nope' })).statusCode).toBe(401);
    for (const role of ['enterprise_admin', 'member', 'account_manager', 'credit_reviewer'] as const) {
      const res = await open({ authorization: `Bearer ${tokens[role]}` });
      expect([role, res.statusCode, JSON.parse(res.body).error.code]).toEqual([role, 403, 'FORBIDDEN']);
    }
  });
});
