import type { Queue } from 'bullmq';
import { type EventPayloads, type EventQueue, type EventTopic, TOPICS, isEventTopic } from '../domain/events';

/** The queues outbox events go to: alert checks, and messages to people. */
export const EVENT_QUEUES = ['alert-check', 'notifications'] as const satisfies readonly EventQueue[];
export type EventQueueName = EventQueue;
export type EventQueues = { readonly [K in EventQueueName]: Queue };

/** A relayed event as a BullMQ job: job name = topic, data = the dedupe key and the payload. */
export interface EventJobData<T extends EventTopic = EventTopic> {
  dedupeKey: string;
  payload: EventPayloads[T];
  /** The trace the event was written in (tracing on), which the job's span continues. */
  traceparent?: string;
}

/** The job data of an outbox event, keeping the trace it was written in. */
export const eventJobData = (event: { dedupeKey: string; payload: unknown; traceparent: string | null }): EventJobData => ({
  dedupeKey: event.dedupeKey,
  payload: event.payload as EventJobData['payload'],
  ...(event.traceparent && { traceparent: event.traceparent }),
});

/** The queue a topic's events go to (domain/events.ts TOPICS). An unknown topic is an error, never a guess. */
export function queueForTopic(topic: string): EventQueueName {
  if (!isEventTopic(topic)) throw new Error(`outbox topic ${topic} is not in TOPICS (domain/events.ts)`);
  return TOPICS[topic].queue;
}

/**
 * The BullMQ job id of an event: its dedupe key, so relaying it twice adds one job. BullMQ refuses ':' and
 * all-digit custom ids, so ':' and '%' are percent-escaped (keeping distinct keys distinct) and an all-digit
 * key gets a prefix that escaping never produces.
 */
export function jobIdOf(dedupeKey: string): string {
  const escaped = dedupeKey.replace(/[%:]/g, (c) => (c === '%' ? '%25' : '%3A'));
  return /^\d+$/.test(escaped) ? `%N${escaped}` : escaped;
}
