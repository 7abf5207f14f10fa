import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger';
import { createDb } from '../../db/connection';
import { principalForToken } from '../../services/principals';
import { seedDemo } from '../../scripts/seed-demo';
import { brokenInvariants } from '../ledger/invariants';
import { testConfig } from '../support';

const config = testConfig();
const db = createDb(config);
afterAll(async () => db.destroy());

describe('demo data', () => {
  it('is made through the directory services from the example CSV, and loading it again changes nothing', async () => {
    const first = await seedDemo({ config, db, logger: createLogger(config, 'demo-test') });
    const enterprise = await db('enterprises').where({ external_id: 'acme' }).first();
    expect(first.enterpriseId).toBe(enterprise.id);
    const accounts = await db('accounts').where({ enterprise_id: enterprise.id }).orderBy('id').select('id', 'kind', 'name', 'own_cash', 'transfer_book');
    expect(accounts.map((a) => a.kind)).toEqual(['ma', ...Array(12).fill('member')]);
    expect(accounts[1]).toMatchObject({ name: 'R&D Beijing', own_cash: 46_500_00n }); // 50,000 in, 2,500 and 1,000 sent on
    expect(accounts.find((a) => a.name === 'Design Studio, Hangzhou')).toBeDefined();
    const admin = await principalForToken(db, 'uam_admin_demo');
    expect(admin).toMatchObject({ role: 'enterprise_admin', enterpriseId: enterprise.id, accountId: accounts[0].id });
    const changes = await db('directory_changes').where({ enterprise_id: enterprise.id }).pluck('actor');
    expect(new Set(changes)).toEqual(new Set([expect.stringMatching(/^principal:\d+:Demo ops$/)]));
    const rows = async () => ({
      transactions: (await db('ledger_transactions').where({ enterprise_id: enterprise.id }).count('* as n').first())!.n,
      accounts: (await db('accounts').where({ enterprise_id: enterprise.id }).count('* as n').first())!.n,
      principals: (await db('principals').count('* as n').first())!.n,
    });
    const before = await rows();
    await seedDemo({ config, db, logger: createLogger(config, 'demo-test') });
    expect(await rows()).toEqual(before);
    expect(await brokenInvariants(db, [enterprise.id])).toEqual([]);
  });
});
