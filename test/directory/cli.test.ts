import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCommands } from '../../cli/commands';
import * as ledger from '../../db/ledger/operations';
import { recordMisses } from '../../db/notification-misses';
import { createPrincipal } from '../../services/principals';
import { startTestApi, type Api } from '../api/support';
import { freshId } from '../support';
import { runUam } from '../api/run-cli';

let api: Api;
let url: string;
let ops: string;

beforeAll(async () => {
  api = await startTestApi();
  url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  ops = (await createPrincipal(api.db, { name: freshId('cli-ops'), role: 'ops' })).token;
});
afterAll(async () => api?.close());

/** Runs `uam …` as a user would, against the listening server; never throws, returns what a shell sees. */
const uam = (args: string[], token: string | null = ops) => runUam(args, { apiUrl: url, token });
const json = async (args: string[], token?: string | null) => {
  const res = await uam([...args, '--json'], token);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout);
};

// Each command is a process of its own (a second or more on a busy machine): these tests run few of them.
describe('uam enterprises, accounts, settings and tokens: the directory from the command line', { timeout: 120_000 }, () => {
  it('creates an enterprise, imports its members from the example CSV, and configures it as its admin', async () => {
    const externalId = freshId('crm');
    const created = await uam(['enterprises', 'create', '--name', 'CLI Cloud', '--external-id', externalId,
      '--ma-contact', 'admin@cli.example', '--ma-contact', '13800000000=low_balance,account_stopped', '--approval-threshold', '500']);
    expect([created.code, created.stdout]).toEqual([0, expect.stringMatching(/^✓ created\nenterprise\s+\d+ CLI Cloud/)]);
    const id = /enterprise\s+(\d+)/.exec(created.stdout)![1]!;

    // The example file, under external ids of this run's own (the demo data imports it as it is).
    const csv = join(tmpdir(), `${freshId('members')}.csv`);
    writeFileSync(csv, readFileSync(new URL('../../docs/examples/members.csv', import.meta.url), 'utf8').replace(/acme-/g, `${externalId}-`));
    const dry = await uam(['accounts', 'import', csv, '--enterprise', id, '--dry-run']);
    expect(dry.stdout).toMatch(/^· dry run: nothing written — 12 would be created, 0 updated, 0 left alone, 0 failed/);
    const imported = await uam(['accounts', 'import', csv, '--enterprise', id]);
    expect([imported.code, imported.stdout]).toEqual([0, expect.stringMatching(/^✓ imported — 12 were created/)]);

    const bad = join(tmpdir(), `${freshId('bad')}.csv`);
    writeFileSync(bad, 'externalId,name,email\nx-1,Fine,fine@cli.example\nx-2,Broken,broken@\n');
    try {
      const refused = await uam(['accounts', 'import', bad, '--enterprise', id]);
      expect([refused.code, refused.stderr]).toEqual([3, expect.stringMatching(/IMPORT_INVALID: 1 problem\(s\); nothing was changed\nLINE\s+FIELD\s+PROBLEM\n\s+3\s+email\s+"broken@" is not an e-mail address/)]);
    } finally {
      rmSync(bad, { force: true });
    }

    const admin = await json(['tokens', 'create', '--role', 'enterprise_admin', '--enterprise', id, '--name', 'CLI admin']);
    const settings = await uam(['settings', 'set', '--approval-threshold', 'off', '--finance-contact', 'cfo@cli.example=credit'], admin.token);
    expect(settings.stdout).toMatch(/approval at\s+off[\s\S]*email\s+cfo@cli\.example\s+credit/);
    const show = await uam(['enterprises', 'show', id], admin.token);
    expect(show.stdout).toMatch(/external id\s+crm-[\s\S]*accounts\s+13[\s\S]*approval at\s+off[\s\S]*finance contacts/);
    expect((await uam(['settings', 'show', '--json'], admin.token)).stdout).toContain('"address": "cfo@cli.example"');
    const list = await uam(['tokens', 'list'], admin.token);
    expect(list.stdout).toMatch(/CLI admin\s+enterprise_admin\s+\d+\s+\d+\s+uam_\S+…\s+cli-ops-\S+\s+\d{4}-\d\d-\d\d \d\d:\d\d/);
  });

  it('adds, renames, edits contacts, refuses to close an account with money (listing it), closes and reopens it', async () => {
    const { enterprise } = await json(['enterprises', 'create', '--name', freshId('CLI')]);
    const added = await json(['accounts', 'add', '--enterprise', String(enterprise.id), '--name', 'Ops', '--external-id', freshId('acct'), '--contact', 'ops@cli.example']);
    const id = String(added.account.id);
    expect((await uam(['accounts', 'rename', id, '--name', 'Ops team'])).stdout).toMatch(/Ops team/);
    const contacts = await uam(['accounts', 'contacts', id, '--add', '13900000000=low_balance', '--remove', 'OPS@cli.example']);
    expect(contacts.stdout).toMatch(/✓ contacts changed\naccount\s+\d+\nCHANNEL\s+ADDRESS\s+EVENTS\nsms\s+13900000000\s+low_balance$/m);

    await ledger.topUp(api.db, { key: freshId('k'), accountId: added.account.id, amount: 3_50n, actor: 'test' });
    const refused = await uam(['accounts', 'close', id]);
    expect([refused.code, refused.stderr]).toEqual([3, expect.stringMatching(/ACCOUNT_NOT_EMPTY[\s\S]*WHAT\s+YUAN\ncash\s+3\.50/)]);
    await ledger.consume(api.db, { key: freshId('k'), accountId: added.account.id, amount: 3_50n, actor: 'test' });
    expect((await uam(['accounts', 'close', id, '--reason', 'merged'])).stdout).toMatch(/^✓ closed\n[\s\S]*\sclosed\s/);
    expect((await uam(['accounts', 'reopen', id])).stdout).toMatch(/^✓ reopened/);
    const renamed = await uam(['enterprises', 'rename', String(enterprise.id), '--name', 'CLI renamed']);
    expect(renamed.stdout).toMatch(/^✓ updated\nenterprise\s+\d+ CLI renamed/);
    const listed = await json(['enterprises', 'list', '--after', String(enterprise.id - 1), '--limit', '1']);
    expect(listed.items.map((e: { id: number; name: string }) => [e.id, e.name])).toEqual([[enterprise.id, 'CLI renamed']]);
    await recordMisses(api.db, [{ eventKey: freshId('evt'), topic: 'transfer.completed', event: 'transfers', enterpriseId: enterprise.id, accountId: added.account.id }]);
    const unreached = await uam(['enterprises', 'no-recipient', String(enterprise.id)]);
    expect(unreached.stdout).toMatch(/EVENT\s+NOBODY WANTS\s+FOR\n.*transfer\.completed\s+transfers\s+\d+ Ops team/);
    const changes = await uam(['enterprises', 'changes', String(enterprise.id), '--account', id]);
    expect(changes.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s{2,}/)[2])).toEqual([
      'account.reopened', 'account.closed', 'contacts.changed', 'account.updated', 'account.created',
    ]);
  });

  it('tells usage errors (2) from refusals (3), and every command has --help with examples', async () => {
    expect((await uam(['accounts', 'add', '--name', 'x', '--contact', 'a@b.cn=weather'])).code).toBe(2);
    expect((await uam(['accounts', 'import', '/nonexistent.csv', '--enterprise', '1'])).code).toBe(2);
    expect((await uam(['enterprises', 'create', '--name', ''])).code).toBe(3);
    const program = new Command('uam');
    registerCommands(program);
    for (const command of [
      ['enterprises', 'create'], ['enterprises', 'list'], ['enterprises', 'show'], ['enterprises', 'rename'], ['enterprises', 'changes'],
      ['enterprises', 'no-recipient'], ['accounts', 'add'], ['accounts', 'rename'], ['accounts', 'close'], ['accounts', 'reopen'],
      ['accounts', 'import'], ['accounts', 'contacts'], ['settings', 'show'], ['settings', 'set'], ['tokens', 'create'], ['tokens', 'list'],
      ['tokens', 'revoke'], ['tokens', 'bootstrap'],
    ]) {
      let text = '';
      const cmd = command.reduce((c, name) => c.commands.find((s) => s.name() === name)!, program);
      cmd.configureOutput({ writeOut: (s) => (text += s) }).outputHelp();
      expect(text, command.join(' ')).toMatch(/Examples:\n\s+\$ (DATABASE_URL=\S+ )?uam /);
      expect(text, command.join(' ')).toContain('--json');
    }
  });
});
