import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}

/** A real SMTP server in the test process: records what arrives; can reject or defer recipients. */
export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Recipients answered with 550 (no such mailbox). */
  reject: Set<string>;
  /** Recipients answered with 451 (try again later) this many more times. */
  defer: Map<string, number>;
  /** Every RCPT TO the server saw, accepted or not. */
  rcptAttempts: string[];
  /** Recipients whose message is read but never answered (the sender waits mid-send, e.g. to be killed). */
  stall: Set<string>;
  /** Recipients of messages held that way, in arrival order. */
  stalled: string[];
  stop(): Promise<void>;
  /** Starts again on the same port (after stop, to end an outage). */
  start(): Promise<void>;
}

function decodeBody(headers: string, body: string): string {
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function parse(raw: string, from: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1]?.trim() ?? '';
  const text = decodeBody(headers, raw.slice(split + 4)).replace(/\r\n/g, '\n').trimEnd();
  return { from, to, subject: header('subject'), text, messageId: header('message-id') };
}

export async function startTestSmtp(): Promise<TestSmtp> {
  let server: SMTPServer;
  const smtp: TestSmtp = {
    port: 0,
    url: '',
    received: [],
    reject: new Set(),
    defer: new Map(),
    rcptAttempts: [],
    stall: new Set(),
    stalled: [],
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    start: async () => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onRcptTo(address: SMTPServerAddress, _session, callback) {
          const to = address.address.toLowerCase();
          smtp.rcptAttempts.push(to);
          const deferrals = smtp.defer.get(to) ?? 0;
          const refuse = (code: number, message: string) => callback(Object.assign(new Error(message), { responseCode: code }));
          if (smtp.reject.has(to)) return refuse(550, 'No such user here');
          if (deferrals > 0) return (smtp.defer.set(to, deferrals - 1), refuse(451, 'Mailbox busy, try again later'));
          callback();
        },
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
            const held = to.find((address) => smtp.stall.has(address));
            if (held) return void smtp.stalled.push(held); // never answered: not accepted
            const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            smtp.received.push(parse(Buffer.concat(chunks).toString('utf8'), from, to));
            callback();
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(smtp.port, '127.0.0.1', () => resolve());
      });
      smtp.port = (server.server.address() as { port: number }).port;
      smtp.url = `smtp://127.0.0.1:${smtp.port}`;
    },
  };
  await smtp.start();
  return smtp;
}
