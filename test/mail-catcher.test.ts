import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureMailCatcher } from '../scripts/provision/mail';
import { silentReport } from '../scripts/provision/report';

const dir = mkdtempSync(join(tmpdir(), 'uam-mail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const freePort = () => new Promise<number>((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});

describe('dev mail catcher (npm start without an SMTP server)', () => {
  it('catches what the notifier sends as .eml files, and steps aside when SMTP already answers', async () => {
    const url = `smtp://127.0.0.1:${await freePort()}`;
    const catcher = await ensureMailCatcher(url, silentReport, dir);
    try {
      const transport = nodemailer.createTransport(url);
      await transport.sendMail({ from: 'uam@example.test', to: 'ma@example.test', subject: 'Low balance', text: 'Available 12.34 yuan' });
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(readFileSync(join(dir, files[0]!), 'utf8')).toMatch(/Subject: Low balance[\s\S]*Available 12\.34 yuan/);
      const second = await ensureMailCatcher(url, silentReport, dir);
      expect(second.dir).toBeNull();
    } finally {
      await catcher.stop();
    }
  });
});
