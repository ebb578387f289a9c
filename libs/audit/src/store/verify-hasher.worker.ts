/**
 * Worker thread of the parallel verifier (verify.ts, `VerifyParallelism`): on a connection of its
 * own, inside the verifier's exported snapshot (PostgreSQL `SET TRANSACTION SNAPSHOT`), it reads
 * the pages of leaves the main thread asks for and recomputes their RFC 6962 leaf hashes, the
 * costly part of verifying (row parsing, RFC 8785, SHA-256). The main thread still feeds every
 * leaf, in order, to the one LogVerifier: findings are those of a sequential run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { LEAF_COLUMN, leafHashOfTextRow, leafTextRows } from './audit-rows';
import { pgRunner } from './sql-runner';
import { LEAF_PAGE_SQL, type HashedLeafPage, type HasherRequest, type HasherSetup } from './verify-hasher';

const port = parentPort;
if (!port) throw new Error('verify-hasher.worker runs as a worker thread');
const setup = workerData as HasherSetup;
const client = new Client({ connectionString: setup.connectionString, application_name: 'consilium-audit-verify' });
const ready = (async () => {
  await client.connect();
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  // Must be the transaction's first statement: every worker then reads exactly what the verifier's own transaction sees.
  await client.query(`SET TRANSACTION SNAPSHOT '${setup.snapshot.replace(/'/g, "''")}'`);
  return pgRunner(client);
})();

async function hashPage({ page, from, to }: HasherRequest): Promise<HashedLeafPage> {
  const db = await ready;
  const rows = leafTextRows(await db.queryTextRows(LEAF_PAGE_SQL, [from, to]));
  const count = rows.length;
  const leafIndexes = new BigInt64Array(count);
  const batchIds = new BigInt64Array(count);
  const hashes = new Uint8Array(count * 32);
  const matches = new Uint8Array(count);
  const eventIds: string[] = [];
  const mismatches: HashedLeafPage['mismatches'] = [];
  for (let position = 0; position < count; position += 1) {
    const row = rows[position];
    if (!row) break;
    const leafIndex = BigInt(row[LEAF_COLUMN.leafIndex] ?? '-1');
    const batchId = row[LEAF_COLUMN.batchId];
    const stored = row[LEAF_COLUMN.leafHash];
    leafIndexes[position] = leafIndex;
    batchIds[position] = batchId === null ? -1n : BigInt(batchId);
    eventIds.push(row[LEAF_COLUMN.id] ?? '');
    const computed = leafHashOfTextRow(row, leafIndex.toString());
    hashes.set(computed, position * 32);
    const storedHash = stored === null ? null : Buffer.from(stored, 'hex');
    if (storedHash !== null && computed.equals(storedHash)) {
      matches[position] = 1;
    } else {
      // Rare (a finding): what the verifier asks to tell a moved event from an altered one.
      mismatches.push({
        position,
        stored: storedHash,
        before: leafIndex > 0n ? leafHashOfTextRow(row, (leafIndex - 1n).toString()) : null,
        after: leafHashOfTextRow(row, (leafIndex + 1n).toString()),
      });
    }
  }
  return { page, count, leafIndexes, batchIds, hashes, matches, eventIds, mismatches };
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (request: HasherRequest) => {
  queue = queue.then(async () => {
    try {
      const result = await hashPage(request);
      port.postMessage(result, [
        result.leafIndexes.buffer,
        result.batchIds.buffer,
        result.hashes.buffer,
        result.matches.buffer,
      ]);
    } catch (error) {
      port.postMessage({ page: request.page, error: error instanceof Error ? error.message : String(error) });
    }
  });
});
