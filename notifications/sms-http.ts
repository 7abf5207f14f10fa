import { DeliveryError, looksLikePhone } from './delivery-error';
import type { SmsMessage, SmsProvider } from './sms-provider';

export interface HttpSmsOptions {
  url: string;
  /** Sent as a Bearer token. */
  key: string;
  timeoutMs?: number;
}

/**
 * An SMS gateway reached by POSTing JSON `{ to, text, idempotencyKey }`. A 2xx is accepted; a 4xx means the
 * request itself is wrong (bad number, bad key) and is permanent — except 408 and 429, which ask to come
 * back later; a 5xx, a timeout or a network error is retried.
 */
export function createHttpSmsProvider(options: HttpSmsOptions): SmsProvider {
  return {
    name: 'http',
    async send(message: SmsMessage) {
      if (!looksLikePhone(message.to)) throw new DeliveryError(`not a phone number: "${message.to}"`, true);
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${options.key}`,
            'idempotency-key': message.idempotencyKey,
          },
          body: JSON.stringify({ to: message.to, text: message.text, idempotencyKey: message.idempotencyKey }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw new DeliveryError(`SMS provider unreachable: ${err instanceof Error ? err.message : String(err)}`, false, { cause: err });
      }
      if (response.ok) return;
      const detail = (await response.text().catch(() => '')).slice(0, 300);
      const retryLater = response.status >= 500 || response.status === 408 || response.status === 429;
      throw new DeliveryError(`SMS provider answered ${response.status}${detail ? `: ${detail}` : ''}`, !retryLater);
    },
  };
}
