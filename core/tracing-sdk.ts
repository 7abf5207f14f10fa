import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface StartedTracing {
  processor: SpanProcessor;
  resource: Resource;
  /** Exports what is buffered now (tests, and a process about to stop). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * The OpenTelemetry SDK, loaded by core/tracing.ts only when tracing is on: a tracer provider registered as
 * the global one (AsyncLocalStorage context, W3C trace-context propagation), spans batched and sent as OTLP
 * over HTTP (JSON) to `<endpoint>/v1/traces` (headers from OTEL_EXPORTER_OTLP_HEADERS, as the exporter reads them).
 */
export function startSdk(endpoint: string, serviceName: string): StartedTracing {
  const resource = new Resource({ 'service.name': serviceName });
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  return {
    processor,
    resource,
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
