import { randomUUID } from 'node:crypto';

/**
 * A new id on every call (`smoke-m1abc2-3f9a1c`), for workflow ids, task queues, queue prefixes and names,
 * so tests never depend on each other or on an earlier run.
 */
export function freshId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
}
