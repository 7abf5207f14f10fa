/** What an SMS provider is given and must do; the adapters (sms-http.ts, sms-sink.ts) implement it. */
export interface SmsMessage {
  to: string;
  text: string;
  /** Sent to the provider so it can drop a duplicate of a message it already accepted. */
  idempotencyKey: string;
}

/** A way to send text messages. Throws DeliveryError (permanent or retryable) when a message is not accepted. */
export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<void>;
}
