import { ConfigError, type Config, loadConfig } from '../core/config';
import { createLogger, type Logger } from '../core/logger';
import { startTracing } from '../core/tracing';
import type { ProcessContext, Started } from '../workers/context';

export type { ProcessContext, Started };

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0];

/**
 * Runs a long-lived process: reads the config, starts it, and on SIGINT/SIGTERM closes everything it
 * registered (worker, queues, db) in reverse order. A start-up failure closes what was opened, prints
 * one line and exits 1; a second signal exits at once.
 */
export async function runProcess(
  name: string,
  start: (ctx: ProcessContext) => Promise<Started | void>,
  options: { config?: Config; logger?: Logger } = {},
): Promise<void> {
  let config: Config;
  try {
    config = options.config ?? loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`✗ ${name}: ${err.message}\n`);
    process.exit(1);
  }
  const logger = options.logger ?? createLogger(config, name);
  // Traces (when OTEL_EXPORTER_OTLP_ENDPOINT is set) start before any Temporal client or worker and stop last,
  // sending what is still buffered.
  const closers: Array<{ name: string; close: () => Promise<unknown> }> = [{ name: 'tracing', close: await startTracing(config, name) }];
  let stopping = false;

  const shutdown = async (reason: string, exitCode: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    for (const closer of closers.reverse()) {
      try {
        await closer.close();
      } catch (err) {
        exitCode = 1;
        logger.error({ err, resource: closer.name }, 'close failed');
      }
    }
    logger.info({ exitCode }, 'stopped');
    process.exit(exitCode);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // A second signal while closing means "now": skip the rest of the clean-up.
    process.on(signal, () => (stopping ? process.exit(1) : void shutdown(signal, 0)));
  }

  try {
    const started = await start({ config, logger, onClose: (resource, close) => closers.push({ name: resource, close }) });
    started?.done?.then(
      () => void shutdown('main loop ended', 1),
      (err: unknown) => {
        logger.fatal({ err }, 'main loop failed');
        void shutdown('fatal error', 1);
      },
    );
    logger.info('started');
  } catch (err) {
    logger.fatal({ err }, 'start-up failed');
    process.stderr.write(`✗ ${name} could not start: ${firstLine(err)}\n`);
    await shutdown('start-up failed', 1);
  }
}
