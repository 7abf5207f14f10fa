/**
 * Provisioning talks to a person: one line per step, and failures as one readable line.
 * A ProvisionError's message is that line; callers print it and exit instead of showing a stack trace.
 */
export class ProvisionError extends Error {
  override readonly name = 'ProvisionError';
}

export type Report = (line: string) => void;

// Scripts may print; the default reporter writes progress to stdout.
export const printReport: Report = (line) => console.log(line);

export const silentReport: Report = () => undefined;

/** The first line of an error's message, without the stack. */
export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message || err.name : String(err);
  const aggregate = err instanceof AggregateError && err.errors.length > 0 ? oneLine(err.errors[0]) : '';
  return (message.split('\n')[0] ?? '').trim() || aggregate || 'unknown error';
}
