import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuild } from '../../scripts/console-build.mjs';
import { startTestApi, type Api } from './support';

let api: Api;
beforeAll(async () => {
  await ensureConsoleBuild();
  api = await startTestApi();
});
afterAll(async () => api?.close());

type Operation = { requestBody?: unknown; parameters?: Array<{ name: string; in: string }>; responses: Record<string, unknown>; summary?: string };

describe('OpenAPI document and console', () => {
  it('documents every route with its summary, inputs, success and error responses', async () => {
    const res = await api.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = JSON.parse(res.body) as { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: object } };
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThanOrEqual(30);
    for (const { path, method, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.summary, where).toBeTruthy();
      expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining(['4XX', '5XX']));
      if (method === 'post' && !/confirm$/.test(path)) expect(op.requestBody, where).toBeDefined();
      for (const param of path.match(/\{\w+\}/g) ?? []) {
        expect(op.parameters?.some((p) => p.in === 'path' && `{${p.name}}` === param), `${where} ${param}`).toBe(true);
      }
    }
    expect(doc.paths['/transfers']?.post?.requestBody).toMatchObject({
      content: { 'application/json': { schema: { properties: { amount: { type: 'string', description: expect.stringContaining('yuan') } } } } },
    });
  });

  it('serves the browsable docs and the console without a token', async () => {
    const docs = await api.app.inject({ url: '/docs/' });
    expect([docs.statusCode, docs.headers['content-type']]).toEqual([200, expect.stringContaining('text/html')]);
    const bare = await api.app.inject({ url: '/console' });
    expect([bare.statusCode, bare.headers.location]).toEqual([302, '/console/']);
    const page = await api.app.inject({ url: '/console/' });
    expect([page.statusCode, page.headers['content-type'], page.headers['cache-control']]).toEqual([200, expect.stringContaining('text/html'), 'no-cache']);
    const script = /<script type="module" crossorigin src="(\/console\/assets\/[^"]+\.js)">/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const asset = await api.app.inject({ url: script! });
    expect([asset.statusCode, asset.headers['content-type'], asset.headers['cache-control']])
      .toEqual([200, expect.stringContaining('javascript'), 'public, max-age=31536000, immutable']);
  });
});
