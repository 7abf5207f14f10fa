import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshId, type TestEnterprise } from '../support';
import { runUam } from './run-cli';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';

let api: Api;
let ent: TestEnterprise;
let tokens: Tokens;
let url: string;
const dir = mkdtempSync(join(tmpdir(), 'uam-billing-import-'));

beforeAll(async () => {
  api = await startTestApi();
  ({ ent, tokens } = await enterpriseWithTokens(api.db, 2));
  url = await api.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => api?.close());

const uam = (args: string[]) => runUam(args, { apiUrl: url, token: tokens.ops });
const account = async (id: number) => (await call(api.app, tokens.ops, 'GET', `/accounts/${id}`)).body;

describe('uam billing import', () => {
  it('posts a CSV file in batches, reports refused lines by number, and a second run moves nothing', async () => {
    const [A, B] = ent.members as [number, number];
    const run = freshId('day');
    const file = join(dir, 'usage.csv');
    writeFileSync(file, [
      'eventId,kind,accountId,amount,period',
      `${run}-1,top-up,${A},50.00,`,
      `${run}-2,charge,${A},80.00,2025-10`,
      `${run}-3,top-up,${B},abc,`,
      `${run}-4,top-up,x${B},1.00,`,
      `${run}-5,repayment,${B},9.00,`,
      `${run}-1,top-up,${A},50.00,`,
      '',
    ].join('\n'));
    const first = await uam(['billing', 'import', file, '--batch', '2']);
    expect(first.code).toBe(3);
    expect(first.stdout).toContain('6 events — 2 posted, 1 already posted (nothing moved), 3 refused');
    expect(first.stdout).toMatch(/5\s+-\s+VALIDATION_FAILED\s+accountId: must be a positive whole number/);
    expect(first.stdout).toMatch(new RegExp(`6\\s+${run}-5\\s+REPAYMENT_EXCEEDS_DEBT`));
    expect(first.stdout).toMatch(new RegExp(`4\\s+${run}-3\\s+INVALID_AMOUNT`));
    expect(first.stderr).toContain('events:');
    expect(await account(A)).toMatchObject({ ownCash: '0.00', monthlyUncleared: '30.00' });

    const again = await uam(['billing', 'import', file, '--json']);
    const summary = JSON.parse(again.stdout);
    expect([summary.posted, summary.replayed, summary.refused]).toEqual([0, 3, 3]);
    expect(await account(A)).toMatchObject({ ownCash: '0.00', monthlyUncleared: '30.00' });
  });

  it('reads JSON lines, and refuses a file it cannot read or whose header it does not know', async () => {
    const B = ent.members[1]!;
    const file = join(dir, 'usage.jsonl');
    writeFileSync(file, `${JSON.stringify({ eventId: freshId('j'), kind: 'top-up', accountId: B, amount: '7.00' })}\n{not json\n`);
    const res = await uam(['billing', 'import', file]);
    expect([res.code, res.stdout]).toEqual([3, expect.stringContaining('2 events — 1 posted, 0 already posted (nothing moved), 1 refused')]);
    expect((await account(B)).ownCash).toBe('7.00');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'id,kind,accountId,amount\n');
    expect((await uam(['billing', 'import', bad])).stderr).toContain('unknown column "id"');
    expect((await uam(['billing', 'import', join(dir, 'missing.csv')])).stderr).toContain('cannot read');
  });
});
