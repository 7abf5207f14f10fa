/**
 * Debian packages the project installs when they are missing (as root, with apt-get): never a download from
 * anywhere else, so provisioning works on machines that reach only Debian's and npm's registries.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { which } from './paths';
import { ProvisionError, type Report, oneLine } from './report';

const run = promisify(execFile);

/** A command the tests or the system use, and the Debian package that provides it. */
export interface AptTool {
  /** A command on PATH; or, for a package without one (a font), the file it installs. */
  command: string;
  file?: string;
  pkg: string;
  /** What the command is for, in the provisioning report. */
  purpose: string;
}

/** Installs `packages` with apt-get (refreshing the package lists once if the first try fails). */
export async function aptInstall(packages: string[], report: Report): Promise<void> {
  if (process.getuid?.() !== 0 || !which('apt-get')) {
    throw new ProvisionError(`${packages.join(', ')} missing and apt-get is not usable here (not root or not Debian): install them by hand`);
  }
  report(`… installing ${packages.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { env, maxBuffer: 64 << 20 });
  await install().catch(async () => {
    await run('apt-get', ['update', '-q'], { env, maxBuffer: 64 << 20 });
    await install();
  });
}

/** Makes sure each tool's command is on PATH, installing the missing ones' packages in one apt-get call. */
export async function ensureAptTools(tools: AptTool[], report: Report): Promise<void> {
  const present = (t: AptTool) => (t.file ? existsSync(t.file) : !!which(t.command));
  const missing = tools.filter((t) => !present(t));
  for (const t of tools.filter(present)) report(`✓ ${t.command} (${t.purpose})`);
  if (missing.length === 0) return;
  try {
    await aptInstall([...new Set(missing.map((t) => t.pkg))], report);
  } catch (err) {
    throw new ProvisionError(`could not install ${missing.map((t) => t.pkg).join(', ')}: ${oneLine(err)}`);
  }
  for (const t of missing) {
    if (!present(t)) throw new ProvisionError(`${t.pkg} installed but ${t.file ?? `${t.command} is not on PATH`}${t.file ? ' is missing' : ''}`);
    report(`✓ ${t.command} installed (${t.purpose})`);
  }
}
