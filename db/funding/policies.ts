import type { Knex } from 'knex';
import type { Blocked, FundingPolicy, TopUpPlan } from '../../domain/funding';
import { planTopUp } from '../../domain/funding';
import { DEFAULT_BILLING_TIME_ZONE } from '../../domain/periods';
import type { Actor } from '../../domain/transfers';
import { previewMovement } from '../ledger/previews';
import { writeOutbox } from '../outbox';
import { transaction } from '../transaction';

type Conn = Knex | Knex.Transaction;

/** Days (the daily cap's, the sweep's) are calendar days in the billing time zone (BILLING_TIME_ZONE). */
type Zone = string;

interface PolicyRow {
  id: number; enterprise_id: number; funding_account_id: number; floor: bigint; target: bigint; daily_cap: bigint;
  sweep_day: number | null; created_by: Actor; blocked_reason: string | null; member_ids: number[];
}

const SELECT_POLICY = `
  SELECT p.id, p.enterprise_id, p.funding_account_id, p.floor, p.target, p.daily_cap, p.sweep_day, p.created_by, p.blocked_reason,
         coalesce((SELECT array_agg(m.account_id ORDER BY m.account_id) FROM funding_policy_members m WHERE m.policy_id = p.id), '{}') AS member_ids
    FROM funding_policies p`;

const toPolicy = (r: PolicyRow): FundingPolicy => ({
  id: r.id, enterpriseId: r.enterprise_id, fundingAccountId: r.funding_account_id, memberIds: r.member_ids.map(Number),
  floor: BigInt(r.floor), target: BigInt(r.target), dailyCap: BigInt(r.daily_cap), sweepDay: r.sweep_day,
  createdBy: r.created_by, blockedReason: r.blocked_reason,
});

export async function readPolicy(db: Conn, id: number, options: { lock?: boolean } = {}): Promise<FundingPolicy | null> {
  const { rows } = await db.raw(`${SELECT_POLICY} WHERE p.id = ?${options.lock ? ' FOR UPDATE OF p' : ''}`, [id]);
  return rows[0] ? toPolicy(rows[0] as PolicyRow) : null;
}

export async function listPolicies(db: Conn, enterpriseId: number): Promise<FundingPolicy[]> {
  const { rows } = await db.raw(`${SELECT_POLICY} WHERE p.enterprise_id = ? ORDER BY p.id`, [enterpriseId]);
  return (rows as PolicyRow[]).map(toPolicy);
}

export type PolicyFields = Omit<FundingPolicy, 'id' | 'blockedReason'>;

/** Serializes policy changes within an enterprise, so the loop and membership checks see every other change. */
export async function lockEnterprisePolicies(trx: Knex.Transaction, enterpriseId: number): Promise<void> {
  await trx.raw('SELECT 1 FROM enterprises WHERE id = ? FOR UPDATE', [enterpriseId]);
}

export async function savePolicy(trx: Knex.Transaction, id: number | null, p: PolicyFields): Promise<number> {
  const columns = {
    enterprise_id: p.enterpriseId, funding_account_id: p.fundingAccountId, floor: p.floor.toString(), target: p.target.toString(),
    daily_cap: p.dailyCap.toString(), sweep_day: p.sweepDay, created_by: JSON.stringify(p.createdBy),
  };
  let saved = id;
  if (saved === null) saved = (await trx('funding_policies').insert(columns).returning('id'))[0].id as number;
  else await trx('funding_policies').where({ id: saved }).update({ ...columns, blocked_reason: null, blocked_at: null });
  await trx('funding_policy_members').where({ policy_id: saved }).delete();
  await trx('funding_policy_members').insert(p.memberIds.map((account_id) => ({ policy_id: saved, account_id })));
  return saved;
}

export async function deletePolicy(trx: Knex.Transaction, id: number): Promise<void> {
  await trx('funding_policies').where({ id }).delete();
}

/** Which policy already keeps each of these accounts. */
export async function keptBy(db: Conn, accountIds: number[]): Promise<Array<{ accountId: number; policyId: number }>> {
  const rows = await db('funding_policy_members').whereIn('account_id', accountIds).select('account_id', 'policy_id');
  return rows.map((r: { account_id: number; policy_id: number }) => ({ accountId: r.account_id, policyId: r.policy_id }));
}

/** Funding account → member, for every policy of the enterprise. */
export async function fundingEdges(db: Conn, enterpriseId: number): Promise<Array<{ policyId: number; funding: number; member: number }>> {
  const { rows } = await db.raw(`
    SELECT p.id AS policy_id, p.funding_account_id AS funding, m.account_id AS member
      FROM funding_policies p JOIN funding_policy_members m ON m.policy_id = p.id WHERE p.enterprise_id = ?`, [enterpriseId]);
  return (rows as Array<{ policy_id: number; funding: number; member: number }>).map((r) => ({ policyId: r.policy_id, funding: r.funding, member: r.member }));
}

/** The figures a top-up is decided on, read under the policy's lock by `claimTopUp`, or as they are by a preview. */
async function topUpPlan(db: Conn, policy: FundingPolicy, accountId: number, zone: Zone): Promise<TopUpPlan> {
  const { rows } = await db.raw(`
    SELECT (SELECT available FROM accounts WHERE id = :account) AS available,
           :cap::bigint - coalesce((SELECT sum(amount) FROM funding_moves
             WHERE policy_id = :policy AND kind = 'top_up' AND status <> 'failed' AND day = (now() AT TIME ZONE :zone)::date), 0) AS cap_left`,
  { account: accountId, cap: policy.dailyCap.toString(), policy: policy.id, zone });
  const { maximum } = await previewMovement(db, { kind: 'transfer', from: policy.fundingAccountId, to: accountId });
  return planTopUp(policy, { available: BigInt(rows[0].available), capLeft: BigInt(rows[0].cap_left), fundingMaximum: maximum });
}

/** What the policy would move to each of its members now, and why (nothing is written). */
export async function previewPolicy(db: Conn, policy: FundingPolicy, zone: Zone = DEFAULT_BILLING_TIME_ZONE): Promise<Array<{ accountId: number; plan: TopUpPlan }>> {
  const plans = [];
  for (const accountId of policy.memberIds) plans.push({ accountId, plan: await topUpPlan(db, policy, accountId, zone) });
  return plans;
}

export type Claimed =
  | { action: 'none' }
  | { action: 'top_up'; amount: bigint; policy: FundingPolicy }
  | { action: 'blocked'; reason: Blocked; told: boolean };

/**
 * Decides and claims a top-up of `accountId` under request id `requestId`, in one transaction under the policy's
 * lock: the day's cap counts every top-up claimed before, so two triggers racing or a retried workflow never move
 * more than the cap. A second call with the same request id answers what the first claimed. A policy that cannot
 * act writes one `funding.blocked` event per episode (until it acts again).
 */
export async function claimTopUp(db: Knex, p: { policyId: number; accountId: number; requestId: string }, zone: Zone = DEFAULT_BILLING_TIME_ZONE): Promise<Claimed> {
  return transaction(db, async (trx) => {
    const policy = await readPolicy(trx, p.policyId, { lock: true });
    if (!policy || !policy.memberIds.includes(p.accountId)) return { action: 'none' };
    const claimed = await trx('funding_moves').where({ request_id: p.requestId }).first();
    if (claimed) return { action: 'top_up', amount: BigInt(claimed.amount), policy };
    const plan = await topUpPlan(trx, policy, p.accountId, zone);
    if (plan.action === 'none') return { action: 'none' };
    if (plan.action === 'blocked') {
      const told = policy.blockedReason !== plan.reason;
      if (told) {
        await trx('funding_policies').where({ id: policy.id }).update({ blocked_reason: plan.reason, blocked_at: trx.fn.now() });
        await writeOutbox(trx, {
          topic: 'funding.blocked',
          dedupeKey: `funding.blocked:${p.requestId}`,
          payload: {
            policyId: policy.id, enterpriseId: policy.enterpriseId, accountId: p.accountId, fundingAccountId: policy.fundingAccountId,
            reason: plan.reason, dailyCap: policy.dailyCap.toString(), available: plan.available.toString(),
          },
        });
      }
      return { action: 'blocked', reason: plan.reason, told };
    }
    await trx.raw(`INSERT INTO funding_moves (request_id, policy_id, account_id, kind, day, amount)
      VALUES (?, ?, ?, 'top_up', (now() AT TIME ZONE ?)::date, ?)`, [p.requestId, policy.id, p.accountId, zone, plan.amount.toString()]);
    if (policy.blockedReason) await trx('funding_policies').where({ id: policy.id }).update({ blocked_reason: null, blocked_at: null });
    return { action: 'top_up', amount: plan.amount, policy };
  });
}

/**
 * Claims this month's sweep of each member: what the funding account sent it and it has not consumed (the ledger's
 * withdrawal maximum, holder = member, source = the funding account). Idempotent per policy, period and member.
 */
export async function claimSweep(db: Knex, policyId: number, period: string, zone: Zone = DEFAULT_BILLING_TIME_ZONE): Promise<{
  policy: FundingPolicy | null; claims: Array<{ requestId: string; accountId: number; amount: bigint }>;
}> {
  return transaction(db, async (trx) => {
    const policy = await readPolicy(trx, policyId, { lock: true });
    if (!policy) return { policy, claims: [] };
    const claims = [];
    for (const accountId of policy.memberIds) {
      const requestId = `funding-sweep-p${policy.id}-${period}-a${accountId}`;
      const claimed = await trx('funding_moves').where({ request_id: requestId }).first();
      if (claimed) {
        claims.push({ requestId, accountId, amount: BigInt(claimed.amount) });
        continue;
      }
      const { maximum } = await previewMovement(trx, { kind: 'withdrawal', from: accountId, to: policy.fundingAccountId });
      if (maximum <= 0n) continue;
      await trx.raw(`INSERT INTO funding_moves (request_id, policy_id, account_id, kind, day, amount)
        VALUES (?, ?, ?, 'sweep', (now() AT TIME ZONE ?)::date, ?)`, [requestId, policy.id, accountId, zone, maximum.toString()]);
      claims.push({ requestId, accountId, amount: maximum });
    }
    return { policy, claims };
  });
}

/** A claimed move ended: a failed top-up gives its amount back to the day's cap. */
export async function settleMove(db: Conn, requestId: string, status: 'completed' | 'failed'): Promise<void> {
  await db('funding_moves').where({ request_id: requestId, status: 'running' }).update({ status });
}

/** Members below their policy's floor now: what the scan (and a balance change) starts top-ups for. */
export async function belowFloor(db: Conn, accountIds?: number[]): Promise<Array<{ policyId: number; accountId: number; enterpriseId: number }>> {
  const { rows } = await db.raw(`
    SELECT p.id AS policy_id, m.account_id, p.enterprise_id
      FROM funding_policy_members m JOIN funding_policies p ON p.id = m.policy_id JOIN accounts a ON a.id = m.account_id
     WHERE a.available < p.floor AND a.status <> 'closed' ${accountIds ? 'AND m.account_id = ANY(?::int[])' : ''}`, accountIds ? [accountIds] : []);
  return (rows as Array<{ policy_id: number; account_id: number; enterprise_id: number }>).map((r) => ({ policyId: r.policy_id, accountId: r.account_id, enterpriseId: r.enterprise_id }));
}

/** Policies whose sweep day is today (billing time zone), with the period (YYYY-MM) it sweeps. */
export async function sweepsDue(db: Conn, zone: Zone = DEFAULT_BILLING_TIME_ZONE): Promise<Array<{ policyId: number; period: string }>> {
  const { rows } = await db.raw(`
    SELECT id AS policy_id, to_char(now() AT TIME ZONE ?, 'YYYY-MM') AS period FROM funding_policies
     WHERE sweep_day = extract(day FROM now() AT TIME ZONE ?)`, [zone, zone]);
  return (rows as Array<{ policy_id: number; period: string }>).map((r) => ({ policyId: r.policy_id, period: r.period }));
}
