import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../notifications/delivery-error';
import { createHttpSmsProvider } from '../../notifications/sms-http';

/** A stand-in SMS gateway: answers with the status queued for the next request, and records what it got. */
const requests: Array<{ headers: IncomingHttpHeaders; body: unknown }> = [];
let nextStatus = 200;
const gateway = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    requests.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
    res.writeHead(nextStatus, { 'content-type': 'text/plain' }).end(nextStatus === 200 ? 'queued' : 'nope');
  });
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
});
afterAll(() => new Promise<void>((resolve) => gateway.close(() => resolve())));

const message = { to: '+8613800000000', text: 'Low balance', idempotencyKey: 'alert:1:1/sms/+8613800000000' };
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as DeliveryError);

describe('HTTP SMS provider', () => {
  it('POSTs the message as JSON with the key and the idempotency key', async () => {
    nextStatus = 200;
    await createHttpSmsProvider({ url, key: 'secret' }).send(message);
    expect(requests.at(-1)).toMatchObject({
      headers: { authorization: 'Bearer secret', 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey },
      body: message,
    });
  });

  it('treats 4xx as permanent, 5xx, 429 and an unreachable gateway as retryable', async () => {
    const sms = createHttpSmsProvider({ url, key: 'secret' });
    for (const [status, permanent] of [[400, true], [401, true], [429, false], [500, false], [503, false]] as const) {
      nextStatus = status;
      const err = await failure(sms.send(message));
      expect(err, String(status)).toBeInstanceOf(DeliveryError);
      expect(err).toMatchObject({ permanent, message: expect.stringContaining(String(status)) });
    }
    const down = await failure(createHttpSmsProvider({ url: 'http://127.0.0.1:1/sms', key: 'k' }).send(message));
    expect(down).toMatchObject({ permanent: false, message: expect.stringMatching(/unreachable/) });
  });

  it('refuses a malformed number without calling the gateway', async () => {
    const before = requests.length;
    const err = await failure(createHttpSmsProvider({ url, key: 'k' }).send({ ...message, to: 'call me' }));
    expect(err).toMatchObject({ permanent: true });
    expect(requests.length).toBe(before);
  });
});
