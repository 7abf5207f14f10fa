import type { FastifyInstance } from 'fastify';
import { registry } from '../../core/metrics';

type Sample = (series: string) => number;

/** One sample of the Prometheus text: `name{labels}` → value (0 when absent). */
function parse(text: string): Sample {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return (series) => values.get(series) ?? 0;
}

/** A sample of the API's GET /metrics. */
export async function scrape(app: FastifyInstance): Promise<Sample> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  if (res.statusCode !== 200) throw new Error(`/metrics answered ${res.statusCode}`);
  return parse(res.body);
}

/** A sample of this process's registry, as a worker's /metrics would serve it. */
export async function scrapeProcess(): Promise<Sample> {
  return parse(await registry.metrics());
}
