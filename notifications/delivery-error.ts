/**
 * A failed send, classified: permanent failures (a bad address, an SMTP 5xx, an SMS provider's 4xx) are
 * recorded and never retried; the rest (outage, timeout, 4xx SMTP reply, provider 5xx) are retried.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';

  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isPermanent = (err: unknown): boolean => err instanceof DeliveryError && err.permanent;

/** Plausible addresses only: anything else is a permanent failure without a round trip. */
export const looksLikeEmail = (value: string): boolean => /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(value);
export const looksLikePhone = (value: string): boolean => /^\+?\d{6,15}$/.test(value);
