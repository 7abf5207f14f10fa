import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { repoRoot } from '../core/files';

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for the server to take). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident memory now, and its peak since the last `resetPeak()` (Linux /proc), in bytes. */
  memory(): { rss: number; peak: number };
  resetPeak(): void;
  stop(): Promise<void>;
}

const kb = (status: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;

/**
 * Runs `uam api` (the production API process) in its own Node process, as deployed — the compiled build
 * (`npm run build`) when there is one — and waits for /health.
 */
export async function startApiProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['bin/uam.js', 'api'], {
    cwd: repoRoot,
    env: { ...process.env, ...env, API_PORT: String(port), API_HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`uam api exited with ${child.exitCode}`);
    const healthy = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (i > 300) throw new Error('uam api was not healthy within 30 s (is Temporal at TEMPORAL_ADDRESS running?)');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    memory() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return { rss: kb(status, 'VmRSS'), peak: kb(status, 'VmHWM') };
    },
    resetPeak: () => writeFileSync(`/proc/${pid}/clear_refs`, '5'),
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
