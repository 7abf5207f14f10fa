import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../domain/credit-application';
import { ApplicationState } from '../../domain/credit-application-state';

const input = {
  applicationId: 'app-1', enterpriseId: 7, requested: { publicCloud: '500000', hybridCloud: '100000' }, reason: 'growth', submittedBy: 'principal:1:AM',
};

/** A state on a clock the test moves. */
function stateAt(start = Date.UTC(2026, 10, 1)) {
  const clock = { now: start };
  return { app: new ApplicationState(input, () => clock.now), clock };
}

describe('ApplicationState (the credit application workflow’s state, without Temporal)', () => {
  it('starts awaiting review with a review deadline 14 days out and no other deadline', () => {
    const { app } = stateAt();
    expect(app.status()).toMatchObject({
      stage: 'awaiting_review', approved: null, remindersSent: 0,
      deadlines: { review: '2026-11-15T00:00:00.000Z', contract: null, nextReminder: null },
    });
  });

  it('takes one request at a time: a second is refused until the first is answered', () => {
    const { app } = stateAt();
    expect(app.refusal(['awaiting_review'], 'decide')).toBeNull();
    const request = app.accept({ kind: 'withdraw', actor: 'am' });
    expect(app.refusal(['awaiting_review'], 'decide')).toBe('cannot decide: another change to this application is being processed');
    expect(app.take()).toEqual({ kind: 'withdraw', actor: 'am' });
    expect(app.hasPending).toBe(false);
    expect(app.refusal(['awaiting_review'], 'decide')).toMatch(/being processed/);
    app.answer();
    expect(request).toMatchObject({ done: true, failure: undefined });
    expect(app.refusal(['awaiting_review'], 'decide')).toBeNull();
  });

  it('refuses what the stage does not allow, naming the stage', () => {
    const { app } = stateAt();
    app.stage = 'awaiting_contract';
    expect(app.refusal(['awaiting_review'], 'decide')).toBe('cannot decide: the application is awaiting contract');
  });

  it('an answer with a failure reaches the waiting request', () => {
    const { app } = stateAt();
    const request = app.accept({ kind: 'confirm', actor: 'ma' });
    app.take();
    const failure = new Error('INSUFFICIENT');
    app.answer(failure);
    expect(request.failure).toBe(failure);
  });

  it('a decision fixes the approved amounts — as requested, or the reviewer’s — and stamps the workflow time', () => {
    const { app, clock } = stateAt();
    clock.now += DAY_MS;
    app.decide({ approve: true, actor: 'reviewer', reason: 'ok' });
    expect(app.approved).toEqual(input.requested);
    expect(app.decisionColumns()).toEqual({ decidedBy: 'reviewer', decisionReason: 'ok', decidedAt: '2026-11-02T00:00:00.000Z', approved: input.requested });

    const other = stateAt().app;
    other.decide({ approve: true, actor: 'reviewer', reason: 'less', approved: { publicCloud: '1000', hybridCloud: '0' } });
    expect(other.approved).toEqual({ publicCloud: '1000', hybridCloud: '0' });
    const rejected = stateAt().app;
    rejected.decide({ approve: false, actor: 'reviewer', reason: 'no' });
    expect(rejected.approved).toBeNull();
    expect(rejected.decisionColumns()).toEqual({ decidedBy: 'reviewer', decisionReason: 'no', decidedAt: '2026-11-01T00:00:00.000Z' });
  });

  it('keeps a history of what happened, with who and why, at the workflow’s time', () => {
    const { app, clock } = stateAt();
    app.note('submitted', 'principal:1:AM', 'growth');
    clock.now += 60_000;
    app.note('contract_reminder', undefined, 'reminder 1');
    expect(app.status().history).toEqual([
      { at: '2026-11-01T00:00:00.000Z', event: 'submitted', actor: 'principal:1:AM', note: 'growth' },
      { at: '2026-11-01T00:01:00.000Z', event: 'contract_reminder', note: 'reminder 1' },
    ]);
  });
});
