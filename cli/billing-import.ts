import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { parseCsvHeader, parseCsvLine, parseJsonLine, type EventRow, type ParsedRow } from '../domain/billing-rows';
import { EXIT, examples, run, UsageError, type CommandContext } from './run';
import { emit, table } from './output';
import { withSpinner } from './spinner';

interface Answer { index: number; eventId: string; status: 'posted' | 'replayed' | 'refused'; error: { code: string; message: string } | null }
interface Problem { line: number; eventId: string; code: string; message: string }
interface Summary { file: string; lines: number; posted: number; replayed: number; refused: number; problems: Problem[] }

const SHOWN = 50;

const render = (s: Summary) => [
  `${s.refused === 0 ? '✓' : '✗'} ${s.file}: ${s.lines} events — ${s.posted} posted, ${s.replayed} already posted (nothing moved), ${s.refused} refused`,
  ...(s.problems.length ? ['', table(s.problems.slice(0, SHOWN), [
    { header: 'LINE', value: (p) => p.line, right: true }, { header: 'EVENT', value: (p) => p.eventId },
    { header: 'CODE', value: (p) => p.code }, { header: 'PROBLEM', value: (p) => p.message },
  ])] : []),
  ...(s.problems.length > SHOWN ? [`… and ${s.problems.length - SHOWN} more (--json lists them all)`] : []),
].join('\n');

/** Reads the file a line at a time (it may hold a day of events) and yields each event line, parsed, with its number. */
async function* rowsOf(file: string, onBytes: (n: number) => void): AsyncGenerator<{ line: number; row: ParsedRow }> {
  const json = /\.(jsonl|ndjson|json)$/i.test(file);
  let columns: string[] | undefined;
  let number = 0;
  for await (const text of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    number++;
    onBytes(Buffer.byteLength(text) + 1);
    const line = number === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (line.trim() === '') continue;
    if (!json && columns === undefined) {
      const header = parseCsvHeader(line);
      if (header.error !== undefined) throw new UsageError(`${file} line 1: ${header.error}`);
      columns = header.columns;
      continue;
    }
    yield { line: number, row: json ? parseJsonLine(line) : parseCsvLine(line, columns!) };
  }
}

/** Posts one batch and counts its answers; a refused event is listed with its line. */
async function postBatch(ctx: CommandContext, batch: Array<{ line: number; event: EventRow }>, summary: Summary): Promise<void> {
  const res = await ctx.client.json<{ events: Answer[] }>('POST', '/billing/events', { body: { events: batch.map((b) => b.event) } });
  for (const answer of res.events) {
    summary[answer.status]++;
    if (answer.error) summary.problems.push({ line: batch[answer.index]!.line, eventId: answer.eventId, ...answer.error });
  }
}

/** `uam billing import FILE`: a day's billing events, posted in batches through POST /billing/events (platform ops). */
export function billingImportCommand(billing: Command): void {
  billing.command('import').argument('<file>', 'CSV (header: eventId,kind,accountId,amount[,period][,usageTime][,validFrom][,validTo]) or JSON lines (.jsonl: one event object per line)')
    .description('post a file of billing events in batches, each event idempotent by its event id; shows progress, then a summary')
    .option('--batch <n>', 'events per request (1 to 1000)', (v) => {
      if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 1000) throw new UsageError('--batch: must be a whole number from 1 to 1000');
      return Number(v);
    }, 1000)
    .addHelpText('after', examples('uam billing import usage-2026-11-30.csv', 'uam billing import usage.jsonl --batch 500 --json'))
    .action(run(async (ctx, file: string, opts: { batch: number }) => {
      let size: number;
      try {
        size = statSync(file).size;
      } catch (err) {
        throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const summary: Summary = { file, lines: 0, posted: 0, replayed: 0, refused: 0, problems: [] };
      let read = 0;
      const progress = () => `${Math.min(100, Math.floor((read / Math.max(size, 1)) * 100))}% · ${summary.lines} events: `
        + `${summary.posted} posted, ${summary.replayed} already posted, ${summary.refused} refused`;
      await withSpinner(progress, async () => {
        let batch: Array<{ line: number; event: EventRow }> = [];
        for await (const { line, row } of rowsOf(file, (n) => { read += n; })) {
          summary.lines++;
          if (row.error !== undefined) {
            summary.refused++;
            summary.problems.push({ line, eventId: '-', code: 'VALIDATION_FAILED', message: row.error });
            continue;
          }
          batch.push({ line, event: row.event });
          if (batch.length === opts.batch) {
            await postBatch(ctx, batch, summary);
            batch = [];
          }
        }
        if (batch.length) await postBatch(ctx, batch, summary);
      });
      emit(ctx.json, summary, render);
      if (summary.refused > 0) process.exitCode = EXIT.refused;
    }));
}
