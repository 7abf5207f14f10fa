import { context, trace, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { contextOf, SpanKind, SpanStatusCode, tracingOn } from '../core/tracing';

/**
 * With tracing on, every request is a server span named by its route pattern (never the raw URL), continuing a
 * caller's `traceparent` header. Its hooks come first, so authentication, the handler and what it starts (a
 * workflow, a ledger call) run in the span's context; the context is entered again before the handler because
 * the body is read in the socket's own context. Nothing is installed when tracing is off.
 */
export function installTracing(app: FastifyInstance): void {
  if (!tracingOn()) return;
  const spans = new WeakMap<FastifyRequest, Span>();
  const enter = (request: FastifyRequest, done: () => void) => {
    const span = spans.get(request);
    if (span) context.with(trace.setSpan(context.active(), span), done);
    else done();
  };
  app.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url ?? '(unmatched)';
    const parent = contextOf(request.headers as Record<string, unknown>);
    const span = trace.getTracer('uam').startSpan(`${request.method} ${route}`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': request.method, 'http.route': route, 'uam.request_id': request.id },
    }, parent);
    spans.set(request, span);
    context.with(trace.setSpan(parent, span), done);
  });
  app.addHook('preHandler', (request, _reply, done) => enter(request, done));
  app.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
  // A caller that hung up gets no response; its span still ends.
  app.addHook('onRequestAbort', (request, done) => {
    spans.get(request)?.setStatus({ code: SpanStatusCode.ERROR, message: 'request aborted' });
    spans.get(request)?.end();
    done();
  });
}
