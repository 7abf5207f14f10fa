import type { FastifyInstance } from 'fastify';

/** One sample of the Prometheus text at /metrics: `name{labels}` → value (0 when absent). */
export async function scrape(app: FastifyInstance): Promise<(series: string) => number> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  if (res.statusCode !== 200) throw new Error(`/metrics answered ${res.statusCode}`);
  const values = new Map<string, number>();
  for (const line of res.body.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return (series) => values.get(series) ?? 0;
}
