import { DEFAULT_BILLING_TIME_ZONE, isTimeZone } from '../domain/periods';

/**
 * The one typed configuration every process reads: environment variables with local-development defaults.
 * A bad value stops start-up with a message naming the variable, never a stack trace.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function reader(env: Env) {
  const get = (name: string, fallback: string): string => {
    const value = env[name];
    return value === undefined || value === '' ? fallback : value;
  };
  return {
    string: get,
    url(name: string, fallback: string, protocols: string[]): string {
      const value = get(name, fallback);
      let parsed: URL;
      try {
        parsed = new URL(value);
      } catch {
        throw new ConfigError(`${name} must be a URL such as ${fallback} (got "${value}")`);
      }
      if (!protocols.includes(parsed.protocol)) {
        throw new ConfigError(`${name} must use ${protocols.join(' or ')} (got "${value}")`);
      }
      return value;
    },
    int(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
      const raw = get(name, String(fallback));
      if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      }
      return Number(raw);
    },
    hostPort(name: string, fallback: string): string {
      const value = get(name, fallback);
      if (!/^[\w.-]+:\d{1,5}$/.test(value)) throw new ConfigError(`${name} must be host:port such as ${fallback} (got "${value}")`);
      return value;
    },
    timeZone(name: string, fallback: string): string {
      const value = get(name, fallback);
      if (!isTimeZone(value)) throw new ConfigError(`${name} must be an IANA time zone such as ${fallback} (got "${value}")`);
      return value;
    },
    oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
      const value = get(name, fallback);
      if (!(allowed as readonly string[]).includes(value)) {
        throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
      }
      return value as T;
    },
  };
}

export function loadConfig(env: Env = process.env) {
  const r = reader(env);
  const smsProvider = r.oneOf('SMS_PROVIDER', 'sink', ['sink', 'http'] as const);
  const temporalAddress = r.hostPort('TEMPORAL_ADDRESS', '127.0.0.1:7233');
  const temporalUiPort = r.int('TEMPORAL_UI_PORT', 8233, 1, 65535);
  return {
    env: r.oneOf('NODE_ENV', 'development', ['development', 'test', 'production'] as const),
    logLevel: r.oneOf('LOG_LEVEL', 'info', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const),
    databaseUrl: r.url('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/uam', ['postgres:', 'postgresql:']),
    databasePoolMax: r.int('DATABASE_POOL_MAX', 10, 1, 500),
    redisUrl: r.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    queuePrefix: r.string('QUEUE_PREFIX', 'uam'),
    outboxPollMs: r.int('OUTBOX_POLL_MS', 25, 5, 60_000),
    temporal: {
      address: temporalAddress,
      namespace: r.string('TEMPORAL_NAMESPACE', 'default'),
      taskQueue: r.string('TEMPORAL_TASK_QUEUE', 'uam'),
      uiPort: temporalUiPort,
      /** Where people open the Temporal Web UI (the console links to it); default: the dev server's UI. */
      uiUrl: r.url('TEMPORAL_UI_URL', `http://${temporalAddress.split(':')[0]}:${temporalUiPort}`, ['http:', 'https:']).replace(/\/+$/, ''),
    },
    api: {
      host: r.string('API_HOST', '127.0.0.1'),
      port: r.int('API_PORT', 3000, 0, 65535),
      publicUrl: r.string('API_PUBLIC_URL', ''),
    },
    mail: {
      smtpUrl: r.url('SMTP_URL', 'smtp://127.0.0.1:1025', ['smtp:', 'smtps:']),
      from: r.string('MAIL_FROM', 'uam <noreply@uam.local>'),
    },
    sms: {
      provider: smsProvider,
      httpUrl: smsProvider === 'http' ? r.url('SMS_HTTP_URL', 'http://127.0.0.1:9090/sms', ['http:', 'https:']) : r.string('SMS_HTTP_URL', ''),
      httpKey: r.string('SMS_HTTP_KEY', ''),
    },
    metrics: {
      /** The worker process's /metrics, /livez and /readyz port (0: none; the API serves its own /metrics). */
      port: r.int('METRICS_PORT', 0, 0, 65535),
      /** host:port where the Temporal worker's Runtime serves the SDK's own Prometheus metrics ('' = off). */
      temporalAddress: r.string('TEMPORAL_METRICS_ADDRESS', ''),
    },
    tracing: {
      /** OTLP/HTTP base URL: spans go to <endpoint>/v1/traces ('' = tracing off, no SDK started). */
      endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT ? r.url('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4318', ['http:', 'https:']) : '',
      /** service.name of the spans; '' = the process's name (uam-api, uam-worker, uam). */
      serviceName: r.string('OTEL_SERVICE_NAME', ''),
    },
    billing: {
      /** Billing periods are calendar months in this time zone; the month-end close runs just after its midnight. */
      timeZone: r.timeZone('BILLING_TIME_ZONE', DEFAULT_BILLING_TIME_ZONE),
    },
    alerts: {
      scanIntervalMs: r.int('ALERT_SCAN_INTERVAL_MS', 5 * 60_000, 1000),
      scanBatchSize: r.int('ALERT_SCAN_BATCH_SIZE', 20_000, 1, 100_000),
    },
    // Sized to real outages: a job or a message is retried for hours, the wait doubling up to a cap. Tests shorten
    // these only through the same variables.
    retry: {
      backoffMs: r.int('RETRY_BACKOFF_MS', 1000, 10, HOUR),
      maxBackoffMs: r.int('RETRY_BACKOFF_MAX_MS', 5 * 60_000, 10, DAY),
      giveUpAfterMs: r.int('DELIVERY_GIVE_UP_AFTER_MS', DAY, 1000, 30 * DAY),
      leaseMs: r.int('DELIVERY_LEASE_MS', 2 * 60_000, 500, HOUR),
    },
    queues: {
      lockMs: r.int('QUEUE_LOCK_MS', 30_000, 500, HOUR),
      redriveAfterMs: r.int('REDRIVE_AFTER_MS', 2 * 60_000, 100, DAY),
      redriveIntervalMs: r.int('REDRIVE_INTERVAL_MS', 60_000, 100, HOUR),
    },
  };
}

export type Config = ReturnType<typeof loadConfig>;
