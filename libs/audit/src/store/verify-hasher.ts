import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SealedLeaf } from '../core/log-verifier';
import { LEAF_COLUMNS } from './audit-rows';

/** One page of sealed leaves, a window [from, to) of leaf indexes, in leaf order. */
export const LEAF_PAGE_SQL = `SELECT ${LEAF_COLUMNS} FROM audit_leaves l JOIN audit_events e ON e.seq = l.seq WHERE l.leaf_index >= $1::bigint AND l.leaf_index < $2::bigint ORDER BY l.leaf_index`;

export interface HasherSetup {
  readonly connectionString: string;
  /** pg_export_snapshot() of the verifier's transaction. */
  readonly snapshot: string;
}

export interface HasherRequest {
  readonly page: number;
  readonly from: string;
  readonly to: string;
}

/** A page as a worker hashed it: per leaf its index, batch (-1: none), event id and recomputed hash. */
export interface HashedLeafPage {
  readonly page: number;
  readonly count: number;
  readonly leafIndexes: BigInt64Array<ArrayBuffer>;
  readonly batchIds: BigInt64Array<ArrayBuffer>;
  /** The RFC 6962 leaf hash recomputed at the stored index, 32 bytes per leaf. */
  readonly hashes: Uint8Array<ArrayBuffer>;
  /** 1 where the stored leaf hash equals the recomputed one. */
  readonly matches: Uint8Array<ArrayBuffer>;
  readonly eventIds: string[];
  /** For each leaf that does not match: its stored hash and its hashes one index before and after. */
  readonly mismatches: {
    readonly position: number;
    readonly stored: Uint8Array | null;
    readonly before: Uint8Array | null;
    readonly after: Uint8Array;
  }[];
}

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The page's leaves as the LogVerifier takes them. */
export function* sealedLeavesOf(page: HashedLeafPage): Generator<SealedLeaf> {
  const hashes = asBuffer(page.hashes);
  const mismatches = new Map(page.mismatches.map((mismatch) => [mismatch.position, mismatch]));
  let lastBatch = -2n;
  let lastBatchId: string | null = null;
  for (let position = 0; position < page.count; position += 1) {
    const leafIndex = page.leafIndexes[position] ?? -1n;
    const batch = page.batchIds[position] ?? -1n;
    if (batch !== lastBatch) {
      lastBatch = batch;
      lastBatchId = batch < 0n ? null : batch.toString();
    }
    const computed = hashes.subarray(position * 32, position * 32 + 32);
    const mismatch = page.matches[position] === 1 ? undefined : mismatches.get(position);
    yield {
      leafIndex,
      eventId: page.eventIds[position] ?? '',
      batchId: lastBatchId,
      leafHash: mismatch ? mismatch.stored && asBuffer(mismatch.stored) : computed,
      hashAt: (index) => {
        if (index === leafIndex) return computed;
        const other = index === leafIndex - 1n ? mismatch?.before : index === leafIndex + 1n ? mismatch?.after : null;
        if (!other) throw new Error(`leaf ${leafIndex}: no hash at index ${index} from the hashing worker`);
        return asBuffer(other);
      },
    };
  }
}

/** The compiled worker beside this file (dist), or `file` when given. */
export function hasherWorkerFile(file?: string): string {
  const path = file ?? join(__dirname, 'verify-hasher.worker.js');
  if (!existsSync(path)) throw new Error(`the verifier's hashing worker ${path} is missing (run npm run build)`);
  return path;
}

/**
 * Worker threads hashing pages in parallel (page p goes to worker p mod n); `request` returns the
 * page's promise, so the caller can ask ahead and consume in order.
 */
export class LeafHasherPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve(page: HashedLeafPage): void; reject(error: Error): void }>();
  private failed: Error | null = null;

  constructor(file: string, count: number, setup: HasherSetup) {
    this.workers = Array.from({ length: count }, () => {
      const worker = new Worker(file, { workerData: setup });
      worker.on('message', (message: HashedLeafPage | { page: number; error: string }) => {
        const waiter = this.waiting.get(message.page);
        this.waiting.delete(message.page);
        if ('error' in message) waiter?.reject(new Error(message.error));
        else waiter?.resolve(message);
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a hashing worker exited with code ${code}`));
      });
      return worker;
    });
  }

  request(page: number, from: bigint, to: bigint): Promise<HashedLeafPage> {
    if (this.failed) return Promise.reject(this.failed);
    const worker = this.workers[page % this.workers.length];
    if (!worker) return Promise.reject(new Error('no hashing worker'));
    const result = new Promise<HashedLeafPage>((resolve, reject) => this.waiting.set(page, { resolve, reject }));
    const request: HasherRequest = { page, from: from.toString(), to: to.toString() };
    worker.postMessage(request);
    return result;
  }

  /** Stops the workers (their read-only transactions end with their connections). */
  async close(): Promise<void> {
    this.failed ??= new Error('the hashing workers were stopped');
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private fail(error: Error): void {
    this.failed ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
