/**
 * Demo data for trying uam at once (`npm start` loads it: `uam start --demo`): one
 * enterprise with an MA account and a dozen members whose balances come from real ledger operations
 * (top-ups, transfers, coupons, credit, consumption), a low-balance alert that fires, and a demo token for
 * every role. Idempotent: every ledger operation has a fixed key, so a second run changes nothing.
 */
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { Db } from '../db/connection';
import * as ledger from '../db/ledger/operations';
import { parseYuan } from '../domain/money';
import type { Role } from '../domain/principal';
import { setAlerts } from '../services/alerts';
import { createPrincipal, hashToken, principalForToken } from '../services/principals';
import { DEMO_MEMBERS, DEMO_TOKENS, type DemoPlan } from './seed-demo-plan';

const ENTERPRISE = 'Demo Enterprise';
const ACTOR = 'system:seed-demo';
const y = (yuan: string) => parseYuan(yuan);

async function ensureEnterprise(db: Db): Promise<{ id: number; createdAt: Date; ma: number }> {
  let row = await db('enterprises').where({ name: ENTERPRISE }).orderBy('id').first();
  row ??= (await db('enterprises').insert({ name: ENTERPRISE, dual_control_threshold: y('50000') }).returning('*'))[0];
  let ma = await db('accounts').where({ enterprise_id: row.id, kind: 'ma' }).first('id');
  ma ??= (await db('accounts').insert({
    enterprise_id: row.id, kind: 'ma', name: 'Demo MA account', email: 'admin@demo.example', phone: '13800000000',
  }).returning('id'))[0];
  return { id: row.id, createdAt: row.created_at, ma: ma.id };
}

async function ensureAccount(db: Db, enterpriseId: number, plan: DemoPlan): Promise<number> {
  const found = await db('accounts').where({ enterprise_id: enterpriseId, name: plan.name }).first('id');
  if (found) return found.id;
  const [row] = await db('accounts').insert({ enterprise_id: enterpriseId, kind: 'member', name: plan.name, email: plan.email }).returning('id');
  return row.id;
}

/** Every money movement of the demo, through the ledger (the only code that moves money). */
async function seedMoney(db: Db, ent: { id: number; createdAt: Date; ma: number }, ids: Map<string, number>): Promise<void> {
  const k = (what: string) => `demo:${ent.id}:${what}`;
  const id = (name: string) => ids.get(name)!;
  await ledger.setEnterpriseCredit(db, { key: k('credit'), enterpriseId: ent.id, publicCloud: y('100000'), hybridCloud: y('50000'), reason: 'demo data', actor: ACTOR });
  await ledger.topUp(db, { key: k('topup:ma'), accountId: ent.ma, amount: y('200000'), actor: ACTOR });
  for (const m of DEMO_MEMBERS) {
    if (m.topUp) await ledger.topUp(db, { key: k(`topup:${m.name}`), accountId: id(m.name), amount: y(m.topUp), actor: ACTOR });
    if (m.creditLimit) {
      await ledger.changeMemberCredit(db, { key: k(`limit:${m.name}`), accountId: id(m.name), delta: y(m.creditLimit), reason: 'demo data', actor: ACTOR });
    }
  }
  for (const m of DEMO_MEMBERS) {
    for (const [from, amount] of m.transfersIn ?? []) {
      const fromId = from === 'MA' ? ent.ma : id(from);
      await ledger.transfer(db, { key: k(`transfer:${from}:${m.name}`), fromAccountId: fromId, toAccountId: id(m.name), amount: y(amount), actor: ACTOR });
    }
  }
  // Coupons valid for a year from the enterprise's creation: fixed dates keep the operation's key replayable.
  const validFrom = new Date(ent.createdAt.getTime() - 86_400_000);
  const validTo = new Date(ent.createdAt.getTime() + 365 * 86_400_000);
  for (const m of DEMO_MEMBERS) {
    if (m.coupon) await ledger.issueCoupon(db, { key: k(`coupon:${m.name}`), accountId: id(m.name), amount: y(m.coupon), validFrom, validTo, actor: ACTOR });
  }
  for (const m of DEMO_MEMBERS) {
    if (m.consume) await ledger.consume(db, { key: k(`consume:${m.name}`), accountId: id(m.name), amount: y(m.consume), actor: ACTOR });
  }
}

/** Demo tokens are fixed strings so the README's tour can use them; never in production. */
async function seedPrincipals(db: Db, ent: { id: number; ma: number }, ids: Map<string, number>) {
  const issued: Array<{ role: Role; name: string; token: string }> = [];
  for (const t of DEMO_TOKENS) {
    const exists = await db('principals').where({ token_hash: hashToken(t.token) }).whereNull('revoked_at').first('id');
    if (!exists) {
      const scoped = t.role === 'enterprise_admin' || t.role === 'member';
      await createPrincipal(db, {
        name: t.name, role: t.role, token: t.token, email: t.email,
        enterpriseId: scoped ? ent.id : null,
        accountId: t.role === 'member' ? ids.get(t.account!)! : t.role === 'enterprise_admin' ? ent.ma : null,
      });
    }
    issued.push({ role: t.role, name: t.name, token: t.token });
  }
  return issued;
}

export interface DemoDeps {
  config: Config;
  db: Db;
  logger: Logger;
}

export async function seedDemo({ config, db, logger }: DemoDeps) {
  if (config.env === 'production') throw new Error('demo data is never loaded in production (NODE_ENV=production)');
  const ent = await ensureEnterprise(db);
  const ids = new Map<string, number>();
  for (const plan of DEMO_MEMBERS) ids.set(plan.name, await ensureAccount(db, ent.id, plan));
  await seedMoney(db, ent, ids);
  const tokens = await seedPrincipals(db, ent, ids);
  // Alerts are set the way the admin sets them (the alerts service queues their first check).
  const admin = await principalForToken(db, DEMO_TOKENS.find((t) => t.role === 'enterprise_admin')!.token);
  for (const m of DEMO_MEMBERS.filter((p) => p.alert)) await setAlerts(db, admin!, [ids.get(m.name)!], { threshold: m.alert!, enabled: true });
  logger.info({ enterpriseId: ent.id, members: ids.size }, 'demo data loaded');
  console.log(`\nDemo enterprise ${ent.id} "${ENTERPRISE}": MA account ${ent.ma}, ${ids.size} members. Demo tokens (export one as UAM_TOKEN):`);
  for (const t of tokens) console.log(`  ${t.role.padEnd(17)} ${t.token.padEnd(20)} ${t.name}`);
  return { enterpriseId: ent.id, maAccountId: ent.ma, accounts: Object.fromEntries(ids), tokens };
}
