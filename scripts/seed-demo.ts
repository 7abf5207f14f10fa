/**
 * Demo data for trying uam at once (`npm start` loads it: `uam start --demo`), made
 * the way people make it — through the services the API and CLI call, no row written by hand: platform ops
 * create the enterprise and import its members from docs/examples/members.csv; balances come from real ledger
 * operations (top-ups, transfers, coupons, credit, consumption); the admin sets alerts. A demo token for every
 * role. Idempotent: the enterprise and accounts by external id, every ledger operation by a fixed key.
 */
import { readFileSync } from 'node:fs';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { Db } from '../db/connection';
import * as ledger from '../db/ledger/operations';
import { parseYuan } from '../domain/money';
import { actorOf, type Principal } from '../domain/principal';
import { setAlerts } from '../services/alerts';
import { createEnterprise } from '../services/directory/enterprises';
import { importAccounts } from '../services/directory/import';
import { createPrincipal, hashToken, principalForToken } from '../services/principals';
import { DEMO_ENTERPRISE, DEMO_MEMBERS, DEMO_MEMBERS_CSV, DEMO_TOKENS, type DemoToken } from './seed-demo-plan';

const y = (yuan: string) => parseYuan(yuan);

interface DemoEnterprise { id: number; createdAt: Date; ma: number }

/** Every money movement of the demo, through the ledger (the only code that moves money). */
async function seedMoney(db: Db, ent: DemoEnterprise, ids: Map<string, number>, actor: string): Promise<void> {
  const k = (what: string) => `demo:${ent.id}:${what}`;
  const id = (externalId: string) => (externalId === 'MA' ? ent.ma : ids.get(externalId)!);
  await ledger.setEnterpriseCredit(db, { key: k('credit'), enterpriseId: ent.id, publicCloud: y('100000'), hybridCloud: y('50000'), reason: 'demo data', actor });
  await ledger.topUp(db, { key: k('topup:ma'), accountId: ent.ma, amount: y('200000'), actor });
  for (const m of DEMO_MEMBERS) {
    if (m.topUp) await ledger.topUp(db, { key: k(`topup:${m.externalId}`), accountId: id(m.externalId), amount: y(m.topUp), actor });
    if (m.creditLimit) await ledger.changeMemberCredit(db, { key: k(`limit:${m.externalId}`), accountId: id(m.externalId), delta: y(m.creditLimit), reason: 'demo data', actor });
  }
  for (const m of DEMO_MEMBERS) {
    for (const [from, amount] of m.transfersIn ?? []) {
      await ledger.transfer(db, { key: k(`transfer:${from}:${m.externalId}`), fromAccountId: id(from), toAccountId: id(m.externalId), amount: y(amount), actor });
    }
  }
  // Coupons valid for a year from the enterprise's creation: fixed dates keep the operation's key replayable.
  const validFrom = new Date(ent.createdAt.getTime() - 86_400_000);
  const validTo = new Date(ent.createdAt.getTime() + 365 * 86_400_000);
  for (const m of DEMO_MEMBERS) {
    if (m.coupon) await ledger.issueCoupon(db, { key: k(`coupon:${m.externalId}`), accountId: id(m.externalId), amount: y(m.coupon), validFrom, validTo, actor });
  }
  for (const m of DEMO_MEMBERS) {
    if (m.consume) await ledger.consume(db, { key: k(`consume:${m.externalId}`), accountId: id(m.externalId), amount: y(m.consume), actor });
  }
}

/** Demo tokens are fixed strings so the README can use them; never in production. */
async function ensureToken(db: Db, t: DemoToken, scope: { enterpriseId?: number; accountId?: number }, createdBy: string): Promise<Principal> {
  const existing = await principalForToken(db, t.token);
  if (existing) return existing;
  if (await db('principals').where({ token_hash: hashToken(t.token) }).first('id')) throw new Error(`demo token ${t.token} was revoked`);
  return (await createPrincipal(db, { name: t.name, role: t.role, token: t.token, enterpriseId: scope.enterpriseId, accountId: scope.accountId, createdBy })).principal;
}

export interface DemoDeps {
  config: Config;
  db: Db;
  logger: Logger;
}

export async function seedDemo({ config, db, logger }: DemoDeps) {
  if (config.env === 'production') throw new Error('demo data is never loaded in production (NODE_ENV=production)');
  const token = (role: string) => DEMO_TOKENS.find((t) => t.role === role)!;
  const ops = await ensureToken(db, token('ops'), {}, 'demo data');
  const { enterprise } = await createEnterprise(db, ops, DEMO_ENTERPRISE);
  const report = await importAccounts(db, ops, enterprise.id, { body: readFileSync(DEMO_MEMBERS_CSV, 'utf8'), format: 'csv' }, { mode: 'all-or-nothing', dryRun: false });
  const ids = new Map(report.rows.map((r) => [r.externalId, r.accountId!]));
  const ent = { id: enterprise.id, createdAt: (await db('enterprises').where({ id: enterprise.id }).first('created_at')).created_at as Date, ma: enterprise.maAccountId! };
  for (const t of DEMO_TOKENS.filter((d) => d.role !== 'ops')) {
    const scoped = t.role === 'enterprise_admin' || t.role === 'member';
    await ensureToken(db, t, scoped ? { enterpriseId: ent.id, accountId: t.account ? ids.get(t.account)! : ent.ma } : {}, actorOf(ops));
  }
  await seedMoney(db, ent, ids, actorOf(ops));
  // Alerts are set the way the admin sets them (the alerts service queues their first check).
  const admin = (await principalForToken(db, token('enterprise_admin').token))!;
  for (const m of DEMO_MEMBERS.filter((p) => p.alert)) await setAlerts(db, admin, [ids.get(m.externalId)!], { threshold: m.alert!, enabled: true });
  logger.info({ enterpriseId: ent.id, members: ids.size }, 'demo data loaded');
  console.log(`\nDemo enterprise ${ent.id} "${enterprise.name}": MA account ${ent.ma}, ${ids.size} members. Demo tokens (export one as UAM_TOKEN):`);
  for (const t of DEMO_TOKENS) console.log(`  ${t.role.padEnd(17)} ${t.token.padEnd(20)} ${t.name}`);
  return { enterpriseId: ent.id, maAccountId: ent.ma, accounts: Object.fromEntries(ids), tokens: DEMO_TOKENS };
}

