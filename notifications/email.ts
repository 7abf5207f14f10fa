import nodemailer from 'nodemailer';
import type { Config } from '../core/config';
import { DeliveryError, looksLikeEmail } from './delivery-error';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** Becomes the Message-ID, so a resend after a crash mid-send is recognisably the same message. */
  idempotencyKey: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

interface SmtpError {
  code?: string;
  command?: string;
  responseCode?: number;
  message?: string;
}

/** SMTP 5xx replies (a rejected recipient above all) and malformed envelopes are permanent; all else is retried. */
function classify(err: unknown): DeliveryError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as SmtpError;
  const permanent = (e.responseCode !== undefined && e.responseCode >= 500) || (e.code === 'EENVELOPE' && e.command === 'API');
  const where = e.command ? ` (${e.command})` : '';
  return new DeliveryError(`${e.message ?? String(err)}${where}`, permanent, { cause: err });
}

/** Email through nodemailer's SMTP transport at `config.mail.smtpUrl` (a dev mail catcher locally). */
export function createEmailSender(config: Pick<Config, 'mail'>): EmailSender {
  const transport = nodemailer.createTransport({
    url: config.mail.smtpUrl,
    // Fail an attempt fast during an outage: the job's backoff does the waiting.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const domain = config.mail.from.match(/@([^>\s]+)/)?.[1] ?? 'uam.local';
  return {
    async send(message) {
      if (!looksLikeEmail(message.to)) throw new DeliveryError(`not an email address: "${message.to}"`, true);
      try {
        await transport.sendMail({
          from: config.mail.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId: `<${Buffer.from(message.idempotencyKey).toString('base64url')}@${domain}>`,
        });
      } catch (err) {
        throw classify(err);
      }
    },
    close: () => transport.close(),
  };
}
