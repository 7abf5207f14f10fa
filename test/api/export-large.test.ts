import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnterprise, type TestEnterprise } from '../support';
import { startTestApi, tokensFor, type Api, type Tokens } from './support';

/**
 * A large export is streamed: the server reads one page of accounts at a time and only as fast as the client
 * takes the rows, so its memory stays flat whatever the size of the enterprise.
 */
const ACCOUNTS = 50_000;
const PAGE = 500;

// Memory is judged by what stays reachable, after a collection: uncollected garbage grows or shrinks with V8's
// heuristics (how much else the process has loaded), not with what the export holds.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const retained = () => {
  collect();
  const { heapUsed, external } = process.memoryUsage(); // external: Buffers, where a stream keeps what it has queued
  return heapUsed + external;
};

let api: Api;
let url: string;
let ent: TestEnterprise;
let tokens: Tokens;
let pageQueries = 0;

beforeAll(async () => {
  api = await startTestApi();
  url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  ent = await createTestEnterprise(api.db, { members: 0 });
  // Long names make the CSV (~13 MB) far larger than the socket buffers between server and client.
  await api.db.raw(
    `INSERT INTO accounts (enterprise_id, kind, name) SELECT ?, 'member', 'Account ' || lpad(g::text, 6, '0') || ' ' || repeat('x', 180)
     FROM generate_series(1, ?) g`,
    [ent.id, ACCOUNTS],
  );
  tokens = await tokensFor(api.db, { ...ent, members: [ent.ma] });
  api.db.on('query', (q: { sql: string }) => {
    if (q.sql.includes('AS sort_value FROM accounts')) pageQueries++;
  });
}, 120_000);
afterAll(async () => api?.close());

describe('large account export', () => {
  it('streams every account in order with backpressure and bounded memory', async () => {
    const res = await fetch(`${url}/enterprises/${ent.id}/accounts.csv?all=true`, { headers: { authorization: `Bearer ${tokens.enterprise_admin}` } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const baseline = retained();
    let peak = baseline;
    let rows = 0;
    let lastId = 0;
    let rest = '';
    let header = '';
    let pausedAt: number | undefined;
    let chunks = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const lines = (rest + decoder.decode(value, { stream: true })).split('\r\n');
        rest = lines.pop()!;
        for (const line of lines) {
          if (!header) header = line;
          else if (line.startsWith(`${ent.ma},`)) rows++;
          else {
            const id = Number(line.slice(0, line.indexOf(',')));
            expect(id).toBeGreaterThan(lastId);
            expect(line).toMatch(/^\d+,Account \d{6} x{180},member,active,0\.00,0\.00,0\.00,0\.00,0\.00,0,,off,0\.00,,0\.00$/);
            lastId = id;
            rows++;
          }
        }
        if (++chunks % 10 === 0) peak = Math.max(peak, retained());
        if (pausedAt === undefined && rows > 0) {
          // Stop reading for a while: a streaming server stops querying once the buffers between us are full.
          await new Promise((resolve) => setTimeout(resolve, 500));
          pausedAt = pageQueries;
        }
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
    expect(rest).toBe('');
    expect(header.startsWith('Account ID,Account,')).toBe(true);
    expect(rows).toBe(ACCOUNTS + 1); // the members and the MA account
    expect(pageQueries).toBe(Math.ceil((ACCOUNTS + 1) / PAGE));
    expect(pausedAt).toBeLessThan(pageQueries / 2);
    expect(peak - baseline).toBeLessThan(8 * 1024 * 1024); // the whole CSV is ~13 MB
  }, 120_000);
});
