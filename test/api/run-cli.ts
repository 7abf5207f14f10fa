import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { testConfig } from '../support';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

/** Runs `uam …` as a user would, against the server at `apiUrl`; never throws, returns what a shell sees. */
export async function runUam(args: string[], options: { apiUrl: string; token: string | null }) {
  const env = { ...process.env, UAM_API_URL: options.apiUrl, DATABASE_URL: testConfig().databaseUrl, UAM_TOKEN: options.token ?? '', NO_COLOR: '1' };
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'cli/uam.ts', ...args], { cwd: root, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
