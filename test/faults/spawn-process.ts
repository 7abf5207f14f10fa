import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child {
  proc: ChildProcess;
  /** Settles with the signal or exit code once the process has ended. */
  ended: Promise<string | number | null>;
  kill(): Promise<string | number | null>;
}

/** Runs a TypeScript script of test/faults in a process of its own and resolves once it prints "ready". */
export async function spawnScript(script: string, env: Record<string, string>): Promise<Child> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const proc = spawn(process.execPath, ['--import', 'tsx', path], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const ended = new Promise<string | number | null>((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? code)));
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    void ended.then((how) => reject(new Error(`${script} ended before it was ready (${how})`)));
  });
  return {
    proc,
    ended,
    kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      return ended;
    },
  };
}
