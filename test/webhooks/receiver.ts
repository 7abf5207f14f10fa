import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  id: string;
  body: string;
  /** The signature checked the way the README tells receivers to (not with uam's own code). */
  verified: boolean;
  status: number;
}

/** A webhook receiver as an enterprise would write one: answers `failures` requests with 500, then 200. */
export interface TestReceiver {
  url: string;
  received: Received[];
  failures: number;
  stop(): Promise<void>;
}

/** The README's recipe: HMAC-SHA256 of `<timestamp>.<raw body>` with the endpoint's secret, hex, after `v1=`; fresh timestamps only. */
export function verify(secret: string, headers: Record<string, string | string[] | undefined>, body: string): boolean {
  const timestamp = String(headers['uam-webhook-timestamp'] ?? '');
  const signature = String(headers['uam-webhook-signature'] ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startReceiver(secretOf: () => string): Promise<TestReceiver> {
  const receiver: TestReceiver = { url: '', received: [], failures: 0, stop: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = receiver.failures > 0 ? 500 : 200;
      if (status === 500) receiver.failures--;
      receiver.received.push({ id: String(req.headers['uam-webhook-id']), body, verified: verify(secretOf(), req.headers, body), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  receiver.stop = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}
