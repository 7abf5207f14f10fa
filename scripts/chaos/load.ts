import { randomInt, randomUUID } from 'node:crypto';
import type { Db } from '../../db/connection';
import { consume, topUp } from '../../db/ledger/operations';
import type { Principal } from '../../domain/principal';
import { setAlerts } from '../../services/alerts';
import { startTransfer, type StartedMovement, type TransferDeps } from '../../services/transfers';
import { createTestEnterprise } from '../../test/support/enterprise';

export interface Tenant {
  id: number;
  members: number[];
  admin: Principal;
}

/** A few enterprises whose members hold cash and watch a low-balance threshold: transfers and charges make messages. */
export async function seedTenants(db: Db, count: number, members: number): Promise<Tenant[]> {
  const tenants: Tenant[] = [];
  for (let i = 0; i < count; i++) {
    const ent = await createTestEnterprise(db, { members, name: `chaos ${i + 1} ${randomUUID().slice(0, 6)}` });
    const admin: Principal = { id: 900_000 + i, name: `chaos admin ${i + 1}`, role: 'enterprise_admin', enterpriseId: ent.id, accountId: ent.ma };
    for (const m of ent.members) await topUp(db, { key: `chaos-seed-${m}`, accountId: m, amount: 500_00n, actor: 'chaos' });
    await setAlerts(db, admin, ent.members, { threshold: '150' });
    tenants.push({ id: ent.id, members: ent.members, admin });
  }
  return tenants;
}

export interface LoadTally {
  /** Transfers started (answered 202): each must end completed or with its business reason. */
  accepted: Array<StartedMovement & { enterpriseId: number }>;
  /** Starts refused because Temporal could not be reached (a 503 to the caller: nothing was accepted). */
  transfersUnavailable: number;
  billingPosted: number;
  /** Billing posts refused while Postgres was down (the billing system retries those; nothing was accepted). */
  billingUnavailable: number;
}

export interface Load {
  tally: LoadTally;
  stop(): Promise<void>;
}

const pick = <T>(list: T[]): T => list[randomInt(list.length)]!;
const yuan = (min: number, max: number) => `${randomInt(min, max)}.${String(randomInt(100)).padStart(2, '0')}`;

/** Transfers every `transferMs` and billing posts (charges, some top-ups) every `billingMs`, until stopped. */
export function startLoad(db: Db, deps: TransferDeps, tenants: Tenant[], pace: { transferMs: number; billingMs: number }): Load {
  const tally: LoadTally = { accepted: [], transfersUnavailable: 0, billingPosted: 0, billingUnavailable: 0 };
  const running = new Set<Promise<unknown>>();
  const every = (ms: number, act: () => Promise<unknown>) => setInterval(() => {
    const p = act().finally(() => running.delete(p));
    running.add(p);
  }, ms);
  const transfers = every(pace.transferMs, async () => {
    const t = pick(tenants);
    const from = pick(t.members);
    const to = pick(t.members.filter((m) => m !== from));
    try {
      const started = await startTransfer(deps, { principal: t.admin, requestId: `chaos-${randomUUID()}`, fromAccountId: from, toAccountId: to, amount: yuan(1, 40) });
      tally.accepted.push({ ...started, enterpriseId: t.id });
    } catch {
      tally.transfersUnavailable++;
    }
  });
  const billing = every(pace.billingMs, async () => {
    const accountId = pick(pick(tenants).members);
    const key = `chaos-billing-${randomUUID()}`;
    try {
      if (randomInt(10) < 7) await consume(db, { key, accountId, amount: BigInt(randomInt(5_00, 60_00)), actor: 'chaos' });
      else await topUp(db, { key, accountId, amount: BigInt(randomInt(50_00, 200_00)), actor: 'chaos' });
      tally.billingPosted++;
    } catch {
      tally.billingUnavailable++;
    }
  });
  return {
    tally,
    async stop() {
      clearInterval(transfers);
      clearInterval(billing);
      await Promise.allSettled([...running]);
    },
  };
}
