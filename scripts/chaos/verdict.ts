import type { Client } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import type { Db } from '../../db/connection';
import type { ReceivedMail } from '../../test/alerts/smtp';
import { auditMessages, type MessageAudit } from '../../test/faults/messages';
import { brokenInvariants } from '../../test/ledger/invariants';
import type { LoadTally } from './load';

export interface Verdict {
  completed: number;
  /** Business reasons the refused transfers ended with, and how many each. */
  refused: Record<string, number>;
  lost: string[];
  duplicated: string[];
  stuck: string[];
  messages: Pick<MessageAudit, 'events' | 'messages'>;
  invariants: string[];
}

type Outcome = { state: 'completed' } | { state: 'refused'; code: string } | { state: 'running' };

async function outcomeOf(temporal: Client, workflowId: string): Promise<Outcome> {
  const handle = temporal.workflow.getHandle(workflowId);
  if ((await handle.describe()).status.name === 'RUNNING') return { state: 'running' };
  return handle.result().then(
    (): Outcome => ({ state: 'completed' }),
    (err: unknown): Outcome => {
      const type = err instanceof WorkflowFailedError ? (err.cause as { type?: string } | undefined)?.type : undefined;
      return { state: 'refused', code: type ?? 'INTERNAL' };
    },
  );
}

/**
 * What the run left behind. Lost: an accepted transfer that ended INTERNAL, whose money did not move as its
 * outcome says, or without its one "done" or "failed" event; a message never delivered. Duplicated: money or a message moved twice. Stuck: a transfer still
 * running, an event or a message not finished, after the drain.
 */
export async function judge(db: Db, temporal: Client, tally: LoadTally, received: ReceivedMail[], enterpriseIds: number[]): Promise<Verdict> {
  const v: Verdict = { completed: 0, refused: {}, lost: [], duplicated: [], stuck: [], messages: { events: 0, messages: 0 }, invariants: [] };
  for (const t of tally.accepted) {
    const outcome = await outcomeOf(temporal, t.workflowId);
    const steps = await db('ledger_transactions').where('idempotency_key', 'like', `${t.workflowId}:%`).pluck('idempotency_key');
    const count = (step: string) => steps.filter((k: string) => k === `${t.workflowId}:${step}`).length;
    const told = await db('outbox').whereIn('dedupe_key', [`${t.workflowId}:completed`, `${t.workflowId}:failed`]).pluck('topic');
    const expected = outcome.state === 'completed' ? 'transfer.completed' : 'transfer.failed';
    if (outcome.state !== 'running' && (told.length !== 1 || told[0] !== expected)) v.lost.push(`${t.workflowId}: ${outcome.state}, but its events are [${told.join(', ')}]`);
    if (outcome.state === 'running') v.stuck.push(`${t.workflowId} still running`);
    if (outcome.state === 'completed') {
      v.completed++;
      if (count('post') !== 1 || count('void') !== 0) v.lost.push(`${t.workflowId}: completed with ${count('post')} post(s), ${count('void')} void(s)`);
    }
    if (outcome.state === 'refused') {
      v.refused[outcome.code] = (v.refused[outcome.code] ?? 0) + 1;
      if (outcome.code === 'INTERNAL') v.lost.push(`${t.workflowId}: ended INTERNAL`);
      if (count('post') !== 0 || count('void') !== count('hold')) v.duplicated.push(`${t.workflowId}: refused, yet ${count('post')} post(s), ${count('hold')} hold(s), ${count('void')} void(s)`);
    }
  }
  const audit = await auditMessages(db, received, enterpriseIds);
  v.messages = { events: audit.events, messages: audit.messages };
  v.lost.push(...audit.lost);
  v.duplicated.push(...audit.duplicated);
  v.stuck.push(...audit.stuck);
  v.invariants = await brokenInvariants(db, enterpriseIds);
  return v;
}
