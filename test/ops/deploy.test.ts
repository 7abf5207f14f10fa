import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoFile, repoRoot } from '../../core/files';
import { registry } from '../../core/metrics';

const run = promisify(execFile);
const prometheusDir = repoFile('deploy', 'prometheus');

/** Runs a tool the deployment files are checked with; a missing tool fails the test with how to get it. */
async function tool(cmd: string, args: string[], cwd: string) {
  try {
    return await run(cmd, args, { cwd });
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') throw new Error(`${cmd} is not installed: \`uam provision test\` installs it (Debian package ${cmd === 'promtool' ? 'prometheus' : cmd})`);
    throw err;
  }
}

/** Metric names an expression reads: uam_* and temporal_* identifiers. */
const metricNames = (expr: string) => [...expr.matchAll(/\b((?:uam|temporal)_[a-z_]+)\b/g)].map((m) => m[1]!);

/** Every series name uam's registry exports (histograms as _bucket, _sum, _count). */
async function exported(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const m of await registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (String(m.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(m.name + suffix);
  }
  return names;
}

describe('deployment files', () => {
  it('docker-compose.yml is a valid compose file', async () => {
    const { stdout } = await tool('docker-compose', ['config', '--services'], repoRoot);
    expect(stdout.split('\n')).toEqual(expect.arrayContaining(['uam-api', 'uam-worker', 'prometheus', 'grafana']));
  });

  it('the Prometheus configuration and alert rules pass promtool, and each alert fires on its unit-test series', async () => {
    await tool('promtool', ['check', 'config', 'prometheus.yml'], prometheusDir);
    const { stdout } = await tool('promtool', ['test', 'rules', 'alerts.test.yml'], prometheusDir);
    expect(stdout).toMatch(/SUCCESS/);
  });

  it('alerts and the Grafana dashboard read only metrics uam exports (or the Temporal SDK’s)', async () => {
    const names = await exported();
    const rules = readFileSync(`${prometheusDir}/alerts.yml`, 'utf8');
    const dashboard = JSON.parse(readFileSync(repoFile('deploy', 'grafana', 'dashboards', 'uam.json'), 'utf8')) as {
      panels: Array<{ targets?: Array<{ expr: string }> }>;
    };
    const read = [...metricNames(rules), ...dashboard.panels.flatMap((p) => p.targets ?? []).flatMap((t) => metricNames(t.expr))];
    expect(read.length).toBeGreaterThan(10);
    expect([...new Set(read.filter((name) => name.startsWith('uam_') && !names.has(name)))]).toEqual([]);
  });
});
