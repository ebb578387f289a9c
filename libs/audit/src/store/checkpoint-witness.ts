import { backOff } from 'exponential-backoff';
import { checkpointFromLine, checkpointToLine, type Checkpoint } from '../core/checkpoint';
import { ExternalCheckpointLog } from './checkpoint-store';
import type { SqlRunner } from './sql-runner';

/**
 * Where the witness keeps the checkpoints not yet accepted by every witness target, so that a
 * restart (or a crash) of the worker resumes their delivery instead of losing them.
 */
export interface WitnessOutbox {
  /** The checkpoints still pending, oldest first, with whether the witness file already has them. */
  pending(): Promise<{ readonly checkpoint: Checkpoint; readonly written: boolean }[]>;
  add(checkpoint: Checkpoint, written: boolean): Promise<void>;
  written(checkpoint: Checkpoint): Promise<void>;
  failed(checkpoint: Checkpoint, message: string): Promise<void>;
  delivered(checkpoint: Checkpoint): Promise<void>;
}

/** The witness outbox in PostgreSQL (audit_witness_outbox): one row per pending checkpoint. */
export class SqlWitnessOutbox implements WitnessOutbox {
  constructor(private readonly db: SqlRunner) {}

  async pending(): Promise<{ checkpoint: Checkpoint; written: boolean }[]> {
    const rows = await this.db.query<{ line: string; file_pending: boolean }>(
      'SELECT line, file_pending FROM audit_witness_outbox ORDER BY tree_size',
    );
    return rows.map((row) => ({ checkpoint: checkpointFromLine(row.line), written: !row.file_pending }));
  }

  async add(checkpoint: Checkpoint, written: boolean): Promise<void> {
    await this.db.query(
      'INSERT INTO audit_witness_outbox (tree_size, line, file_pending) VALUES ($1::bigint, $2, $3) ON CONFLICT (tree_size) DO NOTHING',
      [checkpoint.treeSize.toString(), checkpointToLine(checkpoint), !written],
    );
  }

  async written(checkpoint: Checkpoint): Promise<void> {
    await this.db.query('UPDATE audit_witness_outbox SET file_pending = false WHERE tree_size = $1::bigint', [
      checkpoint.treeSize.toString(),
    ]);
  }

  async failed(checkpoint: Checkpoint, message: string): Promise<void> {
    await this.db.query(
      'UPDATE audit_witness_outbox SET attempts = attempts + 1, last_attempt_at = now(), last_error = $2 WHERE tree_size = $1::bigint',
      [checkpoint.treeSize.toString(), message.slice(0, 500)],
    );
  }

  async delivered(checkpoint: Checkpoint): Promise<void> {
    await this.db.query('DELETE FROM audit_witness_outbox WHERE tree_size = $1::bigint', [
      checkpoint.treeSize.toString(),
    ]);
  }
}

/** The witness outbox as /health/ready reports it. */
export interface WitnessBacklog {
  readonly pending: number;
  /** Seconds since the oldest pending checkpoint was queued (0 when none is pending). */
  readonly lagSeconds: number;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastAttemptAt: string | null;
}

/** The outbox's backlog: how many checkpoints wait, since when, and the oldest one's last failure. */
export async function witnessBacklog(db: SqlRunner): Promise<WitnessBacklog> {
  const [row] = await db.query<{
    pending: string;
    lag_seconds: string | null;
    attempts: number | null;
    last_error: string | null;
    last_attempt_at: string | null;
  }>(
    `SELECT count(*)::text AS pending, extract(epoch FROM now() - min(enqueued_at))::text AS lag_seconds,
            (array_agg(attempts ORDER BY tree_size))[1] AS attempts, (array_agg(last_error ORDER BY tree_size))[1] AS last_error,
            to_char((array_agg(last_attempt_at ORDER BY tree_size))[1] AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_attempt_at
       FROM audit_witness_outbox`,
  );
  return {
    pending: Number(row?.pending ?? 0),
    lagSeconds: row?.lag_seconds ? Math.max(0, Math.round(Number(row.lag_seconds))) : 0,
    attempts: row?.attempts ?? 0,
    lastError: row?.last_error ?? null,
    lastAttemptAt: row?.last_attempt_at ?? null,
  };
}

/** What the witness has delivered so far, for health and verify. */
export interface WitnessStatus {
  readonly dir: string | null;
  readonly url: string | null;
  /** Checkpoints not yet delivered to every witness target (retried with backoff). */
  readonly pending: number;
  readonly delivered: number;
  /** The last delivery failure (its message only), null once a later delivery succeeded. */
  readonly lastError: string | null;
}

/**
 * The second, independent copy of the signed checkpoints: appended to AUDIT_WITNESS_DIR (a
 * separate host path, e.g. another disk or a share the auditor reads) and/or POSTed as one JSON
 * line (application/json) to AUDIT_WITNESS_URL. Deliveries run in signing order, in the
 * background, each retried with exponential backoff until it succeeds: a failing witness never
 * blocks sealing, it shows as `pending` and `lastError`. With an `outbox` (SqlWitnessOutbox in
 * the worker) pending checkpoints are also kept in the database, with each failure, and `start()`
 * resumes them after a restart; without one they are held in memory only.
 */
export class CheckpointWitness {
  readonly log: ExternalCheckpointLog | null;
  private readonly queue: { readonly checkpoint: Checkpoint; written: boolean; stored: Promise<void> }[] = [];
  private draining: Promise<void> | null = null;
  /** The delivery attempt under way (not the backoff pause between attempts). */
  private attempt: Promise<void> | null = null;
  private delivered = 0;
  private lastError: string | null = null;
  private stopped = false;

  constructor(
    dir: string | undefined,
    private readonly url: string | undefined,
    private readonly options: {
      readonly startingDelayMs?: number;
      readonly maxDelayMs?: number;
      readonly onFailure?: (message: string) => void;
      readonly outbox?: WitnessOutbox;
    } = {},
  ) {
    this.log = dir ? new ExternalCheckpointLog(dir, 'witness') : null;
  }

  /**
   * Resumes the checkpoints the outbox still holds (from before a restart). Call it before the
   * first `witness`: then everything goes out in signing order. (Called later, the resumed ones
   * are merged in by tree size behind a delivery already under way.)
   */
  async start(): Promise<void> {
    const pending = (await this.options.outbox?.pending()) ?? [];
    const queued = new Set(this.queue.map((entry) => entry.checkpoint.treeSize));
    const resumed = pending
      .filter((entry) => !queued.has(entry.checkpoint.treeSize))
      .map((entry) => ({
        checkpoint: entry.checkpoint,
        written: entry.written || this.log === null,
        stored: Promise.resolve(),
      }));
    if (resumed.length === 0) return;
    const head = this.draining ? this.queue.splice(0, 1) : [];
    const rest = [...this.queue.splice(0), ...resumed].sort((a, b) =>
      a.checkpoint.treeSize < b.checkpoint.treeSize ? -1 : a.checkpoint.treeSize > b.checkpoint.treeSize ? 1 : 0,
    );
    this.queue.push(...head, ...rest);
    this.kick();
  }

  /** Queues `checkpoint` for the witness targets (and the outbox); returns at once. */
  witness(checkpoint: Checkpoint): void {
    const written = this.log === null;
    // Stored before its first delivery attempt (deliver awaits it); a failed store is retried with the delivery.
    const stored = this.options.outbox?.add(checkpoint, written) ?? Promise.resolve();
    stored.catch(() => undefined);
    this.queue.push({ checkpoint, written, stored });
    this.kick();
  }

  private kick(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  status(): WitnessStatus {
    return {
      dir: this.log?.dir ?? null,
      url: this.url ?? null,
      pending: this.queue.length,
      delivered: this.delivered,
      lastError: this.lastError,
    };
  }

  /** Waits until every queued checkpoint is delivered (tests). */
  async settle(): Promise<void> {
    await this.draining;
  }

  /** Stops retrying; waits only for an attempt under way (a line half-appended would be unreadable), never for a backoff pause. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.attempt?.catch(() => undefined);
  }

  private async drain(): Promise<void> {
    for (let next = this.queue[0]; next && !this.stopped; next = this.queue[0]) {
      const entry = next;
      const accepted = await backOff(() => (this.attempt = this.deliver(entry)), {
        numOfAttempts: Number.MAX_SAFE_INTEGER,
        startingDelay: this.options.startingDelayMs ?? 500,
        maxDelay: this.options.maxDelayMs ?? 60_000,
        retry: (error: unknown) => {
          if (this.stopped) return false;
          const message = error instanceof Error ? error.message : String(error);
          if (message !== this.lastError) this.options.onFailure?.(message);
          this.lastError = message;
          void this.options.outbox?.failed(entry.checkpoint, message).catch(() => undefined);
          return true;
        },
      }).then(
        () => true,
        () => false,
      );
      // Accepted (even if stop() came meanwhile): out of the outbox, so a restart does not send it again.
      if (!accepted) return;
      await this.options.outbox
        ?.delivered(entry.checkpoint)
        .catch((error: unknown) =>
          this.options.onFailure?.(`witness outbox: ${error instanceof Error ? error.message : String(error)}`),
        );
      this.queue.shift();
      this.delivered += 1;
      this.lastError = null;
    }
  }

  private async deliver(entry: {
    readonly checkpoint: Checkpoint;
    written: boolean;
    stored: Promise<void>;
  }): Promise<void> {
    const { checkpoint } = entry;
    // A backoff pause that ends after stop() must not send: the next start delivers it (from the outbox).
    if (this.stopped) throw new Error('witness stopped');
    try {
      await entry.stored;
    } catch {
      // The outbox was unreachable when the checkpoint was queued: store it now (this attempt fails if it still is).
      entry.stored = this.options.outbox?.add(checkpoint, entry.written) ?? Promise.resolve();
      await entry.stored;
    }
    // The file first, once: a retry after a failed POST must not append the line twice.
    if (this.log && !entry.written) {
      await this.log.append(checkpoint);
      entry.written = true;
      await this.options.outbox?.written(checkpoint);
    }
    if (this.url) {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: checkpointToLine(checkpoint),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`witness ${withoutCredentials(this.url)} answered ${response.status}`);
    }
  }
}

/** The URL as it may be logged: without user name and password. */
function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}
