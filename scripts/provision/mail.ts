import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { canConnect, isLocalHost, urlHostPort } from './net';
import { toolsDir } from './paths';
import { ProvisionError, type Report, printReport } from './report';

export const mailDir = join(toolsDir, 'mail');

export interface MailCatcher {
  /** Where caught messages are written, one .eml file each; null when a real SMTP server answered. */
  dir: string | null;
  stop(): Promise<void>;
}

/**
 * Local development needs somewhere for notification emails to go. When SMTP_URL points at this machine and
 * nothing listens there, a small catcher runs inside the uam process and writes each message to
 * .tools/mail/<time>-<n>.eml (docker-compose uses Mailpit instead). A remote SMTP server is never replaced.
 */
export async function ensureMailCatcher(smtpUrl: string, report: Report = printReport, dir = mailDir): Promise<MailCatcher> {
  const target = urlHostPort(smtpUrl, 25);
  const where = `${target.host}:${target.port}`;
  if (await canConnect(target)) {
    report(`✓ SMTP reachable at ${where}`);
    return { dir: null, stop: async () => undefined };
  }
  if (!isLocalHost(target.host)) throw new ProvisionError(`SMTP at ${where} is not reachable; start it or fix SMTP_URL`);
  mkdirSync(dir, { recursive: true });
  let caught = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${++caught}.eml`);
      stream.pipe(createWriteStream(file)).on('finish', () => done()).on('error', done);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(target.port, target.host, () => resolve());
  }).catch((err: unknown) => {
    throw new ProvisionError(`could not start the dev mail catcher on ${where}: ${(err as Error).message}`);
  });
  report(`✓ started dev mail catcher on ${where} (emails land in ${dir})`);
  return { dir, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
