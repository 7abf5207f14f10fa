import { createRequire } from 'node:module';
import {
  makeWorkflowExporter, OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/worker/index.js';
import type { WorkerOptions } from '@temporalio/worker';
import { tracingSdk } from '../core/tracing';

/**
 * Temporal's OpenTelemetry interceptors for the workflow sandbox. They must be bundled with the workflow code,
 * so a traced worker runs its own bundle (dist/workflow-bundle-traced.js when compiled); the plain bundle has
 * none of them, and an untraced worker pays nothing for tracing.
 */
export const workflowTracingModules: string[] = [
  createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

/**
 * What a worker adds when tracing is on (undefined otherwise): each workflow run and activity execution is a
 * span, a child of the span that started the workflow (carried in its headers); workflow spans, made in the
 * sandbox, leave it through a sink into this process's span processor. A prebuilt bundle (`bundled`) already
 * holds the workflow interceptors; otherwise the worker bundles them.
 */
export function tracedWorkerOptions(bundled: boolean): Pick<WorkerOptions, 'interceptors' | 'sinks'> | undefined {
  const sdk = tracingSdk();
  if (!sdk) return undefined;
  return {
    interceptors: {
      ...(!bundled && { workflowModules: workflowTracingModules }),
      activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
    },
    sinks: { exporter: makeWorkflowExporter(sdk.processor, sdk.resource) },
  };
}
