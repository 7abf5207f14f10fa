/**
 * A credit application's life (DESIGN.md "Enterprise credit"): submitted by an account manager, decided by a
 * credit reviewer, confirmed by the MA account when its contract was never confirmed, then in force. Plain
 * data and rules shared by the workflow, the activities and the service; amounts are fen strings because
 * Temporal payloads are JSON, which has no bigint.
 */
export const APPLICATION_STAGES = [
  'awaiting_review', 'awaiting_contract', 'taking_effect',
  'in_force', 'rejected', 'expired', 'lapsed', 'withdrawn', 'failed',
] as const;
export type ApplicationStage = (typeof APPLICATION_STAGES)[number];

/** Stages that can still change; an enterprise has at most one application in them. */
export const OPEN_STAGES: readonly ApplicationStage[] = ['awaiting_review', 'awaiting_contract', 'taking_effect'];
/** Once the limit is being set it can no longer be withdrawn. */
export const WITHDRAWABLE_STAGES: readonly ApplicationStage[] = ['awaiting_review', 'awaiting_contract'];

export const isOpenStage = (stage: ApplicationStage): boolean => OPEN_STAGES.includes(stage);

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface ApplicationTiming {
  /** Undecided this long after submission → expired. */
  reviewWindowMs: number;
  /** A reminder to confirm the contract this often while it waits. */
  reminderIntervalMs: number;
  /** Unconfirmed this long after the contract was sent → lapsed. */
  confirmWindowMs: number;
}

export const DEFAULT_TIMING: ApplicationTiming = {
  reviewWindowMs: 14 * DAY_MS,
  reminderIntervalMs: 3 * DAY_MS,
  confirmWindowMs: 30 * DAY_MS,
};

/** The enterprise total credit limit in two parts, fen as decimal strings ("1500000" = 15,000.00 yuan). */
export interface CreditAmounts {
  publicCloud: string;
  hybridCloud: string;
}

export const totalOf = (a: CreditAmounts): bigint => BigInt(a.publicCloud) + BigInt(a.hybridCloud);

export const toAmounts = (publicCloud: bigint, hybridCloud: bigint): CreditAmounts => ({
  publicCloud: publicCloud.toString(),
  hybridCloud: hybridCloud.toString(),
});

export interface CreditApplicationInput {
  applicationId: string;
  enterpriseId: number;
  requested: CreditAmounts;
  reason: string;
  /** Actor string of the account manager (domain/principal actorOf). */
  submittedBy: string;
  timing?: Partial<ApplicationTiming>;
}

export type Decision =
  | { approve: true; actor: string; reason: string; /** Omitted: approve what was requested. */ approved?: CreditAmounts }
  | { approve: false; actor: string; reason: string };

export interface HistoryEntry {
  /** Workflow time, ISO 8601. */
  at: string;
  event: string;
  actor?: string;
  note?: string;
  /** The deadline this step set (contract_sent: confirm by then), ISO 8601. */
  deadline?: string;
}

export interface ApplicationStatus {
  applicationId: string;
  enterpriseId: number;
  stage: ApplicationStage;
  requested: CreditAmounts;
  approved: CreditAmounts | null;
  reason: string;
  submittedBy: string;
  deadlines: { review: string | null; contract: string | null; nextReminder: string | null };
  remindersSent: number;
  history: HistoryEntry[];
}

/**
 * When contract reminders fall due: every `reminderIntervalMs` after the contract was sent, strictly before
 * the confirmation deadline (at the deadline the application lapses instead).
 */
export function reminderTimes(sentAtMs: number, timing: Pick<ApplicationTiming, 'reminderIntervalMs' | 'confirmWindowMs'>): number[] {
  const times: number[] = [];
  if (timing.reminderIntervalMs <= 0) return times;
  for (let at = sentAtMs + timing.reminderIntervalMs; at < sentAtMs + timing.confirmWindowMs; at += timing.reminderIntervalMs) {
    times.push(at);
  }
  return times;
}

/** Workflow ids are business ids, so Temporal itself refuses a second workflow for one application. */
export const applicationWorkflowId = (applicationId: string): string => `credit-application-${applicationId}`;
export const enterpriseCreditWorkflowId = (enterpriseId: number): string => `enterprise-credit-${enterpriseId}`;
