/** How commands print: aligned tables or key/value records by default, JSON with --json (for scripts). */
export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
  /** Amounts and counts line up on the right. */
  right?: boolean;
}

const cell = (v: unknown): string => (v === null || v === undefined ? '-' : String(v));

export function table<T>(rows: T[], columns: Column<T>[]): string {
  const grid = [columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => cell(c.value(row))))];
  const widths = columns.map((_, i) => Math.max(...grid.map((line) => line[i]!.length)));
  return grid
    .map((line) => line.map((text, i) => (columns[i]!.right ? text.padStart(widths[i]!) : text.padEnd(widths[i]!))).join('  ').trimEnd())
    .join('\n');
}

/** One object as aligned `label  value` lines. */
export function record(fields: Array<[string, unknown]>): string {
  const width = Math.max(...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${label.padEnd(width)}  ${cell(value)}`).join('\n');
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints `data` as JSON with --json, else as the text `render` makes of it. */
export function emit<T>(json: boolean, data: T, render: (data: T) => string): void {
  if (json) printJson(data);
  else process.stdout.write(`${render(data)}\n`);
}
