import { inject } from 'vitest';
import { type Config, loadConfig } from '../../core/config';
import { freshId } from './ids';

/**
 * A Config pointing at the services the global setup provisioned, with a fresh BullMQ prefix and Temporal
 * task queue on every call (so tests never consume each other's jobs or tasks). `env` overrides any
 * variable, as in production: `testConfig({ ALERT_SCAN_BATCH_SIZE: '10' })`.
 */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    QUEUE_PREFIX: freshId('uam-test'),
    TEMPORAL_TASK_QUEUE: freshId('uam-test'),
    API_PORT: '0',
    ...env,
  });
}
