import { DefaultLogger, type LogEntry, type LogLevel, Runtime } from '@temporalio/worker';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';

const LEVELS: Record<Config['logLevel'], LogLevel> = {
  trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR', silent: 'ERROR',
};

let installed = false;

/**
 * Installs Temporal's process-wide Runtime once: worker, workflow and activity logs go to pino, the SDK's
 * Prometheus metrics are served when TEMPORAL_METRICS_ADDRESS is set, and signals are left to processes/run.ts
 * (the Runtime would otherwise shut workers down on SIGINT itself).
 * Must run before the first NativeConnection; later calls (or a Runtime made elsewhere, e.g. by a test
 * environment) leave things as they are.
 */
export function installTemporalRuntime(config: Pick<Config, 'logLevel'> & Partial<Pick<Config, 'metrics'>>, logger: Logger): void {
  if (installed) return;
  installed = true;
  const log = logger.child({ component: 'temporal' });
  const forward = (entry: LogEntry) => {
    const level = entry.level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
    log[level](entry.meta ?? {}, entry.message);
  };
  try {
    Runtime.install({
      logger: new DefaultLogger(LEVELS[config.logLevel], forward),
      telemetryOptions: {
        logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
        // The SDK's own metrics (task latencies, workflow completions and failures by type) on their own port.
        ...(config.metrics?.temporalAddress && {
          metrics: { prometheus: { bindAddress: config.metrics.temporalAddress, countersTotalSuffix: true, useSecondsForDurations: true } },
        }),
      },
      shutdownSignals: [],
    });
  } catch {
    // A Runtime already exists in this process; keep it.
  }
}
