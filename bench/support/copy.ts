/**
 * Bulk loading for the data-scale bench: PostgreSQL's COPY ... FROM STDIN (CSV), streamed
 * through `psql` (the client every PostgreSQL install has; node-postgres has no COPY of its own).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const PSQL = process.env.BENCH_PSQL ?? 'psql';
const CHUNK_ROWS = 2_000;

/** A CSV field: null as an unquoted empty field (COPY's NULL), everything else quoted. */
function field(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `"${value.replaceAll('"', '""')}"`;
}

/** One CSV line of a row. */
export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values.map(field).join(',');
}

/** A PostgreSQL array literal (text form) of simple words, e.g. {CLINICIAN,CHAIR}. */
export function pgArray(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

/** COPYs the generated rows into `table`; resolves with the row count once psql has committed. */
export async function copyRows(
  url: string,
  table: string,
  columns: readonly string[],
  rows: Iterable<string>,
): Promise<number> {
  const child = spawn(
    PSQL,
    [
      url,
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      `COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`,
    ],
    { stdio: ['pipe', 'inherit', 'inherit'] },
  );
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let count = 0;
  let chunk: string[] = [];
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const text = `${chunk.join('\n')}\n`;
    chunk = [];
    if (!child.stdin.write(text)) await Promise.race([once(child.stdin, 'drain'), exited]);
  };
  for (const row of rows) {
    chunk.push(row);
    count += 1;
    if (chunk.length >= CHUNK_ROWS) await flush();
  }
  await flush();
  child.stdin.end();
  const [code] = await exited;
  if (code !== 0) throw new Error(`COPY into ${table} failed (psql exited ${code})`);
  return count;
}
