import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadConfig } from '../core/config';

const run = promisify(execFile);

/** The benchmarks' database: DATABASE_URL's server, database `<its name>_bench` (e.g. uam_bench). */
export function benchUrl(): string {
  const url = new URL(loadConfig().databaseUrl);
  url.pathname = `${url.pathname.replace(/\/$/, '')}_bench`;
  return url.href;
}

/** pgbench's TPC-B on `url` (initialised at `scale` on first use): its transactions per second and mean latency. */
export async function pgbench(url: string, p: { clients: number; seconds: number; scale: number }): Promise<{ tps: number; latencyMs: number }> {
  const u = new URL(url);
  const conn = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')];
  const db = u.pathname.slice(1);
  const { stdout: has } = await run('psql', [...conn, '-tAc', "SELECT to_regclass('pgbench_branches') IS NOT NULL", db]);
  if (has.trim() !== 't') {
    console.log(`initialising pgbench (scale ${p.scale})…`);
    await run('pgbench', [...conn, '-i', '-q', '-s', String(p.scale), db]);
  }
  const { stdout } = await run('pgbench', [...conn, '-n', '-c', String(p.clients), '-j', '2', '-T', String(p.seconds), db]);
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
  return { tps, latencyMs };
}
