import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';
import type { TestEnterprise } from '../support';

let api: Api;
let ent: TestEnterprise;
let tokens: Tokens;

beforeAll(async () => {
  api = await startTestApi({ env: { NODE_ENV: 'development' } });
  ({ ent, tokens } = await enterpriseWithTokens(api.db));
});
afterAll(async () => {
  await api.close();
});

describe('webhook API', () => {
  it('registers an endpoint with its secret shown once, lists it without, and lists its deliveries', async () => {
    const url = `/enterprises/${ent.id}/webhooks`;
    const created = await call(api.app, tokens.enterprise_admin, 'POST', url, { url: 'https://hooks.example.com/uam', events: ['alert.low_balance'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ enterpriseId: ent.id, url: 'https://hooks.example.com/uam', events: ['alert.low_balance'], status: 'active', failingSince: null });
    expect(created.body.secret).toMatch(/^whsec_/);
    const listed = await call(api.app, tokens.enterprise_admin, 'GET', url);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.body.id })]);
    expect(listed.text).not.toContain(created.body.secret);
    const deliveries = await call(api.app, tokens.enterprise_admin, 'GET', `${url}/${created.body.id}/deliveries`);
    expect([deliveries.status, deliveries.body]).toEqual([200, { items: [], next: null }]);
  });

  it('answers bad input and other roles with the error code and the field', async () => {
    const url = `/enterprises/${ent.id}/webhooks`;
    const bad = await call(api.app, tokens.enterprise_admin, 'POST', url, { url: 'ftp://hooks.example.com', events: ['alert.low_balance'] });
    expect([bad.status, bad.body.error.code, bad.body.error.details.field]).toEqual([422, 'WEBHOOK_URL_NOT_ALLOWED', 'url']);
    const events = await call(api.app, tokens.enterprise_admin, 'POST', url, { url: 'https://hooks.example.com', events: ['everything'] });
    expect([events.status, events.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    for (const role of ['member', 'ops', 'account_manager'] as const) {
      expect((await call(api.app, tokens[role], 'GET', url)).body.error.code, role).toBe('FORBIDDEN');
    }
    const missing = await call(api.app, tokens.enterprise_admin, 'GET', `${url}/999999/deliveries`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'WEBHOOK_NOT_FOUND']);
    const resend = await call(api.app, tokens.enterprise_admin, 'POST', `${url}/999999/deliveries/1/resend`);
    expect(resend.body.error.code).toBe('WEBHOOK_NOT_FOUND');
  });
});
