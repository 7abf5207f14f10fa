import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCommands } from '../../cli/commands';
import { topUp } from '../../db/ledger/operations';
import { runUam } from '../api/run-cli';
import { enterpriseWithTokens, startTestApi, type Api } from '../api/support';
import { freshId } from '../support';

let api: Api;
let url: string;
beforeAll(async () => {
  api = await startTestApi();
  url = await api.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => api?.close());

describe('uam policies', { timeout: 120_000 }, () => {
  it('creates, previews, lists and deletes a funding policy as the enterprise admin', async () => {
    const { ent, tokens } = await enterpriseWithTokens(api.db, 3);
    const [F, m1, m2] = ent.members as [number, number, number];
    await topUp(api.db, { key: freshId('top'), accountId: F, amount: 100_00n, actor: 'test' });
    const uam = (args: string[]) => runUam(args, { apiUrl: url, token: tokens.enterprise_admin });

    const created = await uam(['policies', 'create', '--from', String(F), '--members', `${m1},${m2}`, '--floor', '0', '--target', '150', '--daily-cap', '1000']);
    expect([created.code, created.stdout]).toEqual([0, expect.stringMatching(/^✓ funding policy (\d+) created\npolicy\s+\1\nfunding account\s+\d+\nmembers\s+\d+, \d+\nkeeps\s+available at or above 0\.00 yuan, topping up to 150\.00 yuan, at most 1000\.00 yuan a day/)]);
    const id = /funding policy (\d+)/.exec(created.stdout)![1]!;

    // Members at 0.00 are not below a floor of 0.00.
    const preview = await uam(['policies', 'preview', id]);
    expect(preview.stdout).toMatch(new RegExp(`${m1}\\s+0\\.00\\s+-\\s+at or above the floor: nothing to move`));
    expect((await uam(['policies', 'list'])).stdout).toMatch(new RegExp(`^\\s*${id}\\s+${F}\\s+${m1},${m2}\\s+0\\.00\\s+150\\.00\\s+1000\\.00`, 'm'));

    const refused = await uam(['policies', 'create', '--from', String(F), '--members', String(F), '--floor', '1', '--target', '2', '--daily-cap', '1']);
    expect([refused.code, refused.stderr]).toEqual([3, expect.stringContaining(`FUNDING_SELF: account ${F} cannot fund itself`)]);
    expect((await uam(['policies', 'delete', id])).stdout).toBe(`✓ funding policy ${id} deleted\n`);
    expect(await api.db('funding_policies').where({ enterprise_id: ent.id })).toEqual([]);
  });

  it('has examples and --json on every command', () => {
    const program = new Command('uam');
    registerCommands(program);
    const policies = program.commands.find((c) => c.name() === 'policies')!;
    for (const cmd of policies.commands) {
      let text = '';
      cmd.configureOutput({ writeOut: (s) => (text += s) }).outputHelp();
      expect(text, cmd.name()).toMatch(/Examples:\n\s+\$ uam policies /);
      expect(text, cmd.name()).toContain('--json');
    }
  });
});
