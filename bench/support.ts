/** Shared pieces of the benchmarks: a closed-loop load runner and latency percentiles. */
import { readFileSync, readdirSync } from 'node:fs';

export interface LoadResult {
  operations: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Every latency in ms, sorted. */
  samples: number[];
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))]!;
}

/**
 * Runs `op` from `clients` concurrent loops for `seconds`, each loop starting its next call when the last
 * one finished (closed loop, like pgbench). `op` gets the client number and a per-client counter.
 */
export async function runLoad(
  clients: number,
  seconds: number,
  op: (client: number, i: number) => Promise<unknown>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        try {
          await op(client, i);
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    operations: latencies.length,
    errors,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    samples: latencies,
  };
}

/** Several runs of the same load as one: total operations over total time, percentiles over every sample. */
export function combine(runs: LoadResult[]): LoadResult {
  const samples = runs.flatMap((r) => r.samples).sort((a, b) => a - b);
  const seconds = runs.reduce((t, r) => t + r.seconds, 0);
  return {
    operations: samples.length,
    errors: runs.reduce((t, r) => t + r.errors, 0),
    seconds,
    perSecond: samples.length / seconds,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    samples,
  };
}

export const fmt = (n: number, digits = 1): string => n.toFixed(digits);

export function describeLoad(name: string, r: LoadResult): string {
  return `${name.padEnd(28)} ${fmt(r.perSecond).padStart(9)} ops/s   p50 ${fmt(r.p50Ms, 2)} ms   p99 ${fmt(r.p99Ms, 2)} ms   (${r.operations} ok, ${r.errors} errors)`;
}

/** CPU time (user + system, ms) the given processes have used so far, all their threads counted (Linux /proc). */
export function cpuMsOf(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // ended meanwhile: its time is no longer counted
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** The processes started by `parent` whose command line contains `name`. */
export function childPids(parent: number, name: string): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      return Number(stat[1]) === parent && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(name);
    } catch {
      return false;
    }
  });
}
