/**
 * Determinism guard: every recorded history (test/workflows/histories, made by `npm run histories:record`) must
 * replay with today's workflow code. A change that would make a workflow already in flight take another path
 * fails here — use `patched()` (or a new workflow type) for it, and re-record only once no old run can be in
 * flight.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { repoFile } from '../../core/files';
import { bundleWorkflows } from '../../workers/temporal-worker';
import * as workflows from '../../workflows';

const dir = repoFile('test', 'workflows', 'histories');
const recorded = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((file) => ({
  workflowId: file.replace(/\.json$/, ''),
  history: JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as { events: Array<Record<string, { workflowType?: { name: string } }>> },
}));

describe('workflow histories replay with the current code', () => {
  it('covers every workflow type the worker runs', () => {
    const types = new Set(recorded.map((r) => r.history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name));
    const exported = Object.entries(workflows).filter(([, v]) => typeof v === 'function').map(([name]) => name);
    expect(exported.length).toBeGreaterThan(5);
    expect(exported.filter((name) => !types.has(name))).toEqual([]);
  });

  it('replays each one without a determinism error', async () => {
    const results: Array<{ workflowId: string; error: string | undefined }> = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: await bundleWorkflows(), replayName: 'uam-replay-test' }, recorded)) {
      results.push({ workflowId: r.workflowId, error: r.error ? `${r.error.name}: ${r.error.message}` : undefined });
    }
    expect(results).toEqual(recorded.map((r) => ({ workflowId: r.workflowId, error: undefined })));
  });
});
