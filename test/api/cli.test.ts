import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume } from '../../db/ledger/operations';
import { freshId } from '../support';
import { fundedEnterprise, startTransferHarness, type FundedEnterprise, type TransferHarness } from '../transfers/harness';
import { runUam } from './run-cli';
import { startTestApi, tokensFor, type Api, type Tokens } from './support';

let h: TransferHarness;
let api: Api;
let url: string;
let ent: FundedEnterprise;
let tokens: Tokens;

beforeAll(async () => {
  h = await startTransferHarness();
  api = await startTestApi({ temporal: h.client, taskQueue: h.deps.taskQueue, db: h.db });
  url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  ent = await fundedEnterprise(h.db, [500_00n, 20_00n, 0n]);
  tokens = await tokensFor(h.db, ent);
});
afterAll(async () => {
  await api?.close();
  await h?.close();
});

/** Runs `uam …` as a user would, against the listening server; never throws, returns what a shell sees. */
const uam = (args: string[], token: string | null = tokens.enterprise_admin, apiUrl = url) => runUam(args, { apiUrl, token });

describe('uam CLI against a running server', () => {
  it('lists accounts as a table and as JSON, and shows one', async () => {
    const [A] = ent.members as [number];
    const table = await uam(['accounts', 'list', '--sort', 'available', '--order', 'desc']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+TYPE\s+STATUS\s+AVAILABLE\s+CASH\s+TRANSFER BOOK\s+CREDIT LIMIT\s+COUPONS\s+ALERT$/);
    expect(lines[1]).toMatch(new RegExp(`^\\s*${A}\\s.*\\s500\\.00\\s+500\\.00\\s`));
    const json = await uam(['accounts', 'list', '--json', '--limit', '2']);
    expect(JSON.parse(json.stdout).items.map((a: { id: number }) => a.id)).toEqual([ent.ma, A]);
    const show = await uam(['accounts', 'show', String(A)], tokens.member);
    expect(show.stdout).toMatch(/available quota\s+500\.00/);
  });

  it('sets alerts one by one and in a batch', async () => {
    const [A, B] = ent.members as [number, number];
    expect((await uam(['alerts', 'set', String(A), '--threshold', '100'])).stdout).toMatch(/100\.00\s+yes/);
    const batch = await uam(['alerts', 'batch', '--accounts', `${A},${B}`, '--threshold', '30', '--json']);
    expect(JSON.parse(batch.stdout).items.map((s: { threshold: string }) => s.threshold)).toEqual(['30.00', '30.00']);
    const options = await uam(['alerts', 'set', String(A), '--recovered', '--runway-days', '14', '--json']);
    expect(JSON.parse(options.stdout)).toMatchObject({ threshold: '30.00', enabled: true, recovered: true, runwayDays: 14, runwayState: 'armed' });
    expect((await uam(['alerts', 'set', String(A), '--runway-days', '0'])).code).toBe(2);
  });

  it('registers a webhook, prints its secret once, and lists it without', async () => {
    const created = await uam(['webhooks', 'create', '--url', 'https://hooks.example.com/uam', '--events', 'alert.low_balance,alert.runway']);
    expect(created.code).toBe(0);
    const secret = created.stdout.match(/secret\s+(whsec_[0-9a-f]+)/)?.[1];
    expect(secret).toBeDefined();
    expect(created.stdout).toContain('never shown again');
    const listed = await uam(['webhooks', 'list']);
    expect(listed.stdout).toMatch(/https:\/\/hooks\.example\.com\/uam\s+alert\.low_balance,alert\.runway\s+active/);
    expect(listed.stdout).not.toContain(secret);
    const id = created.stdout.match(/^id\s+(\d+)/m)![1]!;
    expect((await uam(['webhooks', 'deliveries', id, '--json'])).stdout).toContain('"items": []');
    const refused = await uam(['webhooks', 'create', '--url', 'http://hooks.example.com', '--events', 'alert.low_balance']);
    expect([refused.code, refused.stderr]).toEqual([3, expect.stringContaining('WEBHOOK_URL_NOT_ALLOWED')]);
  });

  it('shows the runway of each account, shortest first', async () => {
    const other = await fundedEnterprise(h.db, [500_00n, 0n]);
    const [A] = other.members as [number];
    await consume(h.db, { key: freshId('use'), accountId: A, amount: 70_00n, actor: 'test' }); // 10.00 a day: 43.0 days
    const out = await uam(['alerts', 'runway', '--enterprise', String(other.id)], tokens.ops);
    const lines = out.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+AVAILABLE\s+SPEND\/DAY \(7 d\)\s+RUNWAY \(days\)$/);
    expect(lines[1]).toMatch(new RegExp(`^\\s*${A}\\s.*\\s430\\.00\\s+10\\.00\\s+43\\.0$`));
    expect(lines.slice(2).every((l) => l.endsWith('no spend'))).toBe(true);
    const under = await uam(['alerts', 'runway', '--enterprise', String(other.id), '--under', '43', '--json'], tokens.ops);
    expect(JSON.parse(under.stdout)).toEqual({ items: [] });
  });

  it('transfers with a progress line on stderr, then withdraws, and refuses more than the maximum with exit 3', async () => {
    const [A, B] = ent.members as [number, number];
    expect((await uam(['transfer', '--from', String(A), '--to', String(B), '--max'])).stdout).toContain(`account ${A} can transfer at most 500.00 yuan to account ${B} (its own cash)`);
    expect((await uam(['transfer', '--from', String(A), '--to', String(B), '--amount', '600', '--max'])).stdout).toContain('600.00 yuan: not allowed');
    const done = await uam(['transfer', '--from', String(A), '--to', String(B), '--amount', '120.50']);
    expect([done.code, done.stdout]).toEqual([0, expect.stringMatching(/stage\s+completed/)]);
    expect(done.stderr).toContain('… transfer');
    const back = await uam(['withdraw', '--from', String(B), '--to', String(A), '--amount', '20.50', '--json']);
    expect(JSON.parse(back.stdout)).toMatchObject({ kind: 'withdrawal', stage: 'completed', amount: '20.50' });
    const over = await uam(['transfer', '--from', String(A), '--to', String(B), '--amount', '1000']);
    expect(over.code).toBe(3);
    expect(over.stderr).toContain('TRANSFER_EXCEEDS_MAXIMUM');
    expect(over.stderr).toMatch(/maximum: 400\.00/);
  });

  it('posts billing events as platform ops; a resent event id moves nothing', async () => {
    const C = ent.members[2]!;
    const top = await uam(['billing', 'top-up', String(C), '80', '--event', `evt-${C}`], tokens.ops);
    expect([top.code, top.stdout]).toEqual([0, expect.stringMatching(/own cash\s+80\.00/)]);
    const again = await uam(['billing', 'top-up', String(C), '80', '--event', `evt-${C}`, '--json'], tokens.ops);
    expect(JSON.parse(again.stdout)).toMatchObject({ replayed: true, account: { ownCash: '80.00' } });
    const charge = await uam(['billing', 'charge', String(C), '100'], tokens.ops);
    expect(charge.stdout).toMatch(/monthly uncleared\s+20\.00/);
    const admin = await uam(['billing', 'top-up', String(C), '1']);
    expect([admin.code, admin.stderr]).toEqual([3, expect.stringContaining('FORBIDDEN')]);
  });

  it('exports the account list as CSV to a file', async () => {
    const file = join(tmpdir(), `${freshId('export')}.csv`);
    try {
      const res = await uam(['export', '--all', '-o', file]);
      expect(res.code).toBe(0);
      const rows = readFileSync(file, 'utf8').trim().split('\r\n');
      expect(rows[0]).toMatch(/^Account ID,Account,Type,Status,Available balance \(yuan\)/);
      expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual([ent.ma, ...ent.members].map(String));
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('bootstraps a staff token against the database, uses it, revokes it through the API', async () => {
    const created = await uam(['tokens', 'bootstrap', '--name', freshId('cli-ops'), '--json'], null);
    const { token, principal } = JSON.parse(created.stdout);
    expect((await uam(['credit', 'show', '--enterprise', String(ent.id)], token)).stdout).toMatch(/total\s+0\.00/);
    expect((await uam(['tokens', 'revoke', String(principal.id)], tokens.ops)).stdout).toContain('revoked');
    const refused = await uam(['credit', 'show', '--enterprise', String(ent.id)], token);
    expect([refused.code, refused.stderr]).toEqual([3, expect.stringContaining('UNAUTHENTICATED')]);
  });

  it('tells usage errors (2) from refusals (3) and faults (1)', async () => {
    expect((await uam(['accounts', 'show', 'abc'])).code).toBe(2);
    expect((await uam(['transfer', '--from', '1'])).code).toBe(2);
    expect((await uam(['alerts', 'set', '1', '--threshold', '-5'])).code).toBe(2);
    expect((await uam(['accounts', 'list'], null)).code).toBe(2);
    expect((await uam(['accounts', 'show', '2147480000'])).code).toBe(3);
    expect((await uam(['alerts', 'set', String(ent.members[0]), '--threshold', '1'], tokens.member)).code).toBe(3);
    const down = await uam(['accounts', 'list'], tokens.enterprise_admin, 'http://127.0.0.1:9');
    expect([down.code, down.stderr]).toEqual([1, expect.stringContaining('cannot reach the uam API')]);
    const help = await uam(['transfer', '--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('Examples:')]);
  });
});
