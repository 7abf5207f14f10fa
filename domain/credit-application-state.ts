import {
  DEFAULT_TIMING, type ApplicationStage, type ApplicationStatus, type ApplicationTiming, type CreditAmounts,
  type CreditApplicationInput, type Decision, type HistoryEntry,
} from './credit-application';

/** What a caller asks of an application through the workflow's updates. */
export type Intent =
  | { kind: 'decide'; decision: Decision }
  | { kind: 'confirm'; actor: string }
  | { kind: 'withdraw'; actor: string; reason?: string };

/** A caller's request and, once the workflow has acted on it, its answer (a failure, or none). */
export interface Request {
  readonly intent: Intent;
  done: boolean;
  failure?: unknown;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Where one credit application stands and the request being acted on: plain data and rules, no Temporal. The
 * workflow keeps one, moves it through its steps and answers its updates from it (Temporal's
 * safe-message-handlers pattern). Requests are acted on one at a time: one may be pending (accepted, not yet
 * taken by the workflow) or processing (taken, not yet answered), never more — a second is refused meanwhile.
 * `now` is the workflow's clock, so the same history always gives the same state.
 */
export class ApplicationState {
  stage: ApplicationStage = 'awaiting_review';
  approved: CreditAmounts | null = null;
  /** The reviewer's decision and when it was taken. */
  readonly review: { decision?: Decision; at?: string } = {};
  remindersSent = 0;
  readonly timing: ApplicationTiming;
  /** Epoch ms; 0 while not set. */
  readonly deadlines: { review: number; contract: number; nextReminder: number };
  private readonly history: HistoryEntry[] = [];
  private pending: Request | undefined;
  private processing: Request | undefined;

  constructor(readonly input: CreditApplicationInput, private readonly now: () => number) {
    this.timing = { ...DEFAULT_TIMING, ...input.timing };
    this.deadlines = { review: now() + this.timing.reviewWindowMs, contract: 0, nextReminder: 0 };
  }

  status(): ApplicationStatus {
    const { input, stage, deadlines } = this;
    return {
      applicationId: input.applicationId, enterpriseId: input.enterpriseId, stage, requested: input.requested,
      approved: this.approved, reason: input.reason, submittedBy: input.submittedBy,
      deadlines: {
        review: stage === 'awaiting_review' ? iso(deadlines.review) : null,
        contract: stage === 'awaiting_contract' ? iso(deadlines.contract) : null,
        nextReminder: stage === 'awaiting_contract' && deadlines.nextReminder ? iso(deadlines.nextReminder) : null,
      },
      remindersSent: this.remindersSent,
      history: [...this.history],
    };
  }

  /** Adds a step to the history, at the workflow's time now. */
  note(event: string, actor?: string, text?: string, deadline?: string): void {
    this.history.push({ at: iso(this.now()), event, ...(actor && { actor }), ...(text && { note: text }), ...(deadline && { deadline }) });
  }

  /** Why a request to `what` cannot be accepted now, or null when it can. */
  refusal(allowed: readonly ApplicationStage[], what: string): string | null {
    if (!allowed.includes(this.stage)) return `cannot ${what}: the application is ${this.stage.replace(/_/g, ' ')}`;
    if (this.pending || this.processing) return `cannot ${what}: another change to this application is being processed`;
    return null;
  }

  /** Accepts a request for the workflow to act on; its caller waits until `done`. */
  accept(intent: Intent): Request {
    const request: Request = { intent, done: false };
    this.pending = request;
    return request;
  }

  get hasPending(): boolean {
    return this.pending !== undefined;
  }

  /** The workflow takes the pending request to act on it (undefined: none came). */
  take(): Intent | undefined {
    [this.processing, this.pending] = [this.pending, undefined];
    return this.processing?.intent;
  }

  /** Answers the request being acted on, if any: done, or refused with `failure`. */
  answer(failure?: unknown): void {
    if (this.processing) Object.assign(this.processing, { done: true, failure });
    this.processing = undefined;
  }

  /** Records the reviewer's decision; an approval fixes the amounts (as requested unless the reviewer chose others). */
  decide(decision: Decision): void {
    Object.assign(this.review, { decision, at: iso(this.now()) });
    if (decision.approve) this.approved = decision.approved ?? this.input.requested;
  }

  /** The read model's decision columns, once decided. */
  decisionColumns() {
    const decision = this.review.decision;
    return decision && {
      decidedBy: decision.actor, decisionReason: decision.reason, decidedAt: this.review.at, ...(this.approved && { approved: this.approved }),
    };
  }
}
