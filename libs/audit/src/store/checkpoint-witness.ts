import { backOff } from 'exponential-backoff';
import { checkpointToLine, type Checkpoint } from '../core/checkpoint';
import { ExternalCheckpointLog } from './checkpoint-store';

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
 * blocks sealing, it shows as `pending` and `lastError`. Pending ones are held in memory; a
 * checkpoint lost to a restart shows in verification as missing from the witness.
 */
export class CheckpointWitness {
  readonly log: ExternalCheckpointLog | null;
  private readonly queue: { readonly checkpoint: Checkpoint; written: boolean }[] = [];
  private draining: Promise<void> | null = null;
  /** The delivery attempt under way (not the backoff pause between attempts). */
  private attempt: Promise<void> | null = null;
  private delivered = 0;
  private lastError: string | null = null;
  private stopped = false;

  constructor(
    dir: string | undefined,
    private readonly url: string | undefined,
    private readonly options: { readonly startingDelayMs?: number; readonly maxDelayMs?: number; readonly onFailure?: (message: string) => void } = {},
  ) {
    this.log = dir ? new ExternalCheckpointLog(dir, 'witness') : null;
  }

  /** Queues `checkpoint` for the witness targets; returns at once. */
  witness(checkpoint: Checkpoint): void {
    this.queue.push({ checkpoint, written: this.log === null });
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  status(): WitnessStatus {
    return { dir: this.log?.dir ?? null, url: this.url ?? null, pending: this.queue.length, delivered: this.delivered, lastError: this.lastError };
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
      await backOff(() => (this.attempt = this.deliver(entry)), {
        numOfAttempts: Number.MAX_SAFE_INTEGER,
        startingDelay: this.options.startingDelayMs ?? 500,
        maxDelay: this.options.maxDelayMs ?? 60_000,
        retry: (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          if (message !== this.lastError) this.options.onFailure?.(message);
          this.lastError = message;
          return !this.stopped;
        },
      }).catch(() => undefined);
      if (this.stopped) return;
      this.queue.shift();
      this.delivered += 1;
      this.lastError = null;
    }
  }

  private async deliver(entry: { readonly checkpoint: Checkpoint; written: boolean }): Promise<void> {
    const { checkpoint } = entry;
    // The file first, once: a retry after a failed POST must not append the line twice.
    if (this.log && !entry.written) {
      await this.log.append(checkpoint);
      entry.written = true;
    }
    if (this.url) {
      const response = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: checkpointToLine(checkpoint), signal: AbortSignal.timeout(10_000) });
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
