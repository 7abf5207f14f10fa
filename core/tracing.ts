import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import type { Config } from './config';
import type { StartedTracing } from './tracing-sdk';

/**
 * uam's OpenTelemetry traces: an API request, the workflow and activities it starts, their ledger calls and
 * the queue jobs of the events those wrote, in one trace. Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: then
 * no SDK is loaded and every helper here is a boolean check before calling through.
 */
let started: StartedTracing | undefined;

/** True once startTracing has started the SDK in this process. */
export const tracingOn = (): boolean => started !== undefined;

/** The SDK's span processor and resource (for the Temporal worker's workflow-span sink); undefined when off. */
export const tracingSdk = (): StartedTracing | undefined => started;

/**
 * Starts the SDK (exporting by OTLP over HTTP to the configured endpoint) when tracing is configured; a
 * no-op otherwise. Call before anything makes a Temporal client or worker. Returns the stop function, which
 * sends what is still buffered.
 */
export async function startTracing(config: Pick<Config, 'tracing'>, processName: string): Promise<() => Promise<void>> {
  if (!config.tracing.endpoint || started) return async () => undefined;
  const { startSdk } = await import('./tracing-sdk');
  const sdk = startSdk(config.tracing.endpoint, config.tracing.serviceName || processName);
  started = sdk;
  return async () => {
    if (started === sdk) started = undefined;
    await sdk.shutdown();
  };
}

const tracer = () => trace.getTracer('uam');

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent when it is not the active context (a queue job's, from its traceparent). */
  parent?: Context;
}

/**
 * Runs `work` in a new span, active for everything it calls; the span records a thrown error and ends when
 * `work` settles. When tracing is off, runs `work(undefined)` and nothing else.
 */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!started) return work(undefined);
  const span = tracer().startSpan(name, { kind: options.kind, attributes: options.attributes }, options.parent ?? context.active());
  try {
    return await context.with(trace.setSpan(options.parent ?? context.active(), span), () => work(span));
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    span.end();
  }
}

/** The W3C traceparent of the active span, to carry it through the outbox or a job; undefined when off or outside a span. */
export function activeTraceparent(): string | undefined {
  if (!started) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** `{ traceparent }` to spread into a job's data, or nothing: a job made inside a span joins its trace. */
export const traceCarrier = (): { traceparent?: string } => {
  const traceparent = activeTraceparent();
  return traceparent ? { traceparent } : {};
};

/** The context a traceparent (from a job, an outbox row or an HTTP header) continues; the root context when absent. */
export function contextOf(carrier: Record<string, unknown>): Context {
  return propagation.extract(context.active(), carrier, {
    keys: (c) => Object.keys(c),
    get: (c, key) => (typeof c[key] === 'string' ? (c[key] as string) : undefined),
  });
}

export { SpanKind, SpanStatusCode };
