import { formatYuan } from './money';
import type { Actor } from './transfers';

/**
 * Funding policies, pure: what a policy would move now and why, in words, and the loop rule. The figures
 * come from the ledger (the member's available quota, the funding account's transfer maximum); this module
 * only decides between them.
 */
export interface FundingPolicy {
  id: number;
  enterpriseId: number;
  fundingAccountId: number;
  memberIds: number[];
  /** Fen: top up when the member's available quota is below this… */
  floor: bigint;
  /** …back up to this… */
  target: bigint;
  /** …moving at most this much a day (billing time zone) across its members. */
  dailyCap: bigint;
  /** Day of the month (1–28) on which unconsumed funds go back to the funding account; null: never. */
  sweepDay: number | null;
  createdBy: Actor;
  /** Why it last could not act (told once); null while it can. */
  blockedReason: string | null;
}

/** Workflow ids: one top-up at a time per member of a policy, one sweep per policy and month. */
export const fundingTopUpWorkflowId = (policyId: number, accountId: number) => `funding-p${policyId}-a${accountId}`;
export const fundingSweepWorkflowId = (policyId: number, period: string) => `funding-sweep-p${policyId}-${period}`;

export type Blocked = 'daily_cap_reached' | 'funding_short';

export type TopUpPlan =
  | { action: 'none'; available: bigint }
  | { action: 'top_up'; amount: bigint; available: bigint; limitedBy: 'target' | 'daily_cap' | 'funding' }
  | { action: 'blocked'; reason: Blocked; available: bigint; capLeft: bigint; fundingMaximum: bigint };

export interface TopUpFigures {
  available: bigint;
  /** What the day's cap still allows. */
  capLeft: bigint;
  /** What the funding account may transfer to the member now (the ledger's transfer maximum). */
  fundingMaximum: bigint;
}

/** Tops up only below the floor, up to the target, within the day's cap and what the funding account may send. */
export function planTopUp(policy: Pick<FundingPolicy, 'floor' | 'target'>, f: TopUpFigures): TopUpPlan {
  if (f.available >= policy.floor) return { action: 'none', available: f.available };
  const bounds = [
    { limitedBy: 'target' as const, amount: policy.target - f.available },
    { limitedBy: 'daily_cap' as const, amount: f.capLeft },
    { limitedBy: 'funding' as const, amount: f.fundingMaximum },
  ];
  const smallest = bounds.reduce((a, b) => (b.amount < a.amount ? b : a));
  if (smallest.amount <= 0n) {
    const reason: Blocked = f.capLeft <= 0n ? 'daily_cap_reached' : 'funding_short';
    return { action: 'blocked', reason, available: f.available, capLeft: f.capLeft, fundingMaximum: f.fundingMaximum };
  }
  return { action: 'top_up', amount: smallest.amount, available: f.available, limitedBy: smallest.limitedBy };
}

const yuan = (fen: bigint) => `${formatYuan(fen)} yuan`;

/** Why a policy could not act, for people (the message and the preview). */
export function blockedWords(reason: Blocked, policy: Pick<FundingPolicy, 'dailyCap'>, fundingAccountId: number): string {
  return reason === 'daily_cap_reached'
    ? `the policy already moved its daily cap of ${yuan(policy.dailyCap)} today; it acts again tomorrow`
    : `the funding account ${fundingAccountId} has no own cash it may transfer`;
}

/**
 * A loop of policies feeding each other (A funds B, B funds A, or longer): the accounts on it, or null. Edges
 * run from each funding account to the members it keeps.
 */
export function fundingLoop(edges: ReadonlyArray<{ funding: number; member: number }>): number[] | null {
  const next = new Map<number, number[]>();
  for (const { funding, member } of edges) next.set(funding, [...(next.get(funding) ?? []), member]);
  const state = new Map<number, 'open' | 'done'>();
  const path: number[] = [];
  const visit = (node: number): number[] | null => {
    if (state.get(node) === 'open') return path.slice(path.indexOf(node));
    if (state.get(node) === 'done') return null;
    state.set(node, 'open');
    path.push(node);
    for (const to of next.get(node) ?? []) {
      const loop = visit(to);
      if (loop) return loop;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of next.keys()) {
    const loop = visit(node);
    if (loop) return loop;
  }
  return null;
}
