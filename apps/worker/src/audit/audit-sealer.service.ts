import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { PrismaService } from '@consilium/db';
import {
  AuditSealer,
  CheckpointSigner,
  CheckpointWitness,
  ExternalCheckpointLog,
  pgRunner,
  resolveSigningKey,
  SqlWitnessOutbox,
  type WitnessStatus,
} from '@consilium/audit';
import { AuditSealerRepository } from './audit-sealer.repository';

/** Idle pause between rounds; a full batch is followed by the next round at once. */
export const SEAL_INTERVAL_MS = 500;
export const SEAL_BATCH_SIZE = 5_000;

/**
 * Runs the audit sealer continuously (libs/audit AuditSealer): every 500 ms, or back to back
 * while batches come out full, so unsealed events stay seconds old. It uses a dedicated
 * PostgreSQL connection (one transaction per round, advisory-locked so that several worker
 * instances never seal at the same time) and appends each signed checkpoint to the external
 * log in AUDIT_CHECKPOINT_DIR, and hands it to the witness (AUDIT_WITNESS_DIR / AUDIT_WITNESS_URL)
 * when one is configured. The witness keeps what it has not delivered in audit_witness_outbox
 * (on the shared pool, not the sealer's connection) and resumes it at start.
 */
@Injectable()
export class AuditSealerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditSealerService.name);
  private sealer: AuditSealer | undefined;
  private witness: CheckpointWitness | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly connection: AuditSealerRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const key = await resolveSigningKey(this.config.audit, this.config.env);
    const signer = new CheckpointSigner(key);
    const { checkpointDir, witnessDir, witnessUrl } = this.config.audit;
    this.witness =
      witnessDir || witnessUrl
        ? new CheckpointWitness(witnessDir, witnessUrl, {
            onFailure: (message) =>
              this.logger.warn(`audit checkpoint witness failing (retried with backoff): ${message}`),
            outbox: new SqlWitnessOutbox(pgRunner(this.prisma.sql)),
          })
        : null;
    await this.witness
      ?.start()
      .catch((error: unknown) =>
        this.logger.warn(
          `audit checkpoint witness: cannot resume the outbox: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    const witnessed = [witnessDir, witnessUrl && new URL(witnessUrl).origin].filter(Boolean).join(' and ');
    this.logger.log(
      `sealing audit events; checkpoints signed by key ${signer.keyId}, also written to ${checkpointDir}${witnessed ? `, witnessed by ${witnessed}` : ''}`,
    );
    this.sealer = new AuditSealer(
      this.connection.runner,
      signer,
      new ExternalCheckpointLog(checkpointDir),
      SEAL_BATCH_SIZE,
      this.witness,
    );
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.witness?.stop();
    await this.connection.reset();
  }

  /** The witness's deliveries (null when none is configured), for the worker's health. */
  witnessStatus(): WitnessStatus | null {
    return this.witness?.status() ?? null;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round();
    }, delayMs);
  }

  /** One round; errors are logged (the database may be restarting) and the loop goes on. */
  private async round(): Promise<void> {
    let next = SEAL_INTERVAL_MS;
    try {
      const batch = await this.sealer?.sealOnce();
      if (batch) {
        this.logger.debug(
          `sealed batch ${batch.batchId}: leaves ${batch.firstLeaf}..${batch.firstLeaf + BigInt(batch.size) - 1n}`,
        );
        if (batch.size === SEAL_BATCH_SIZE) next = 0;
      }
    } catch (error) {
      this.logger.error(`audit sealing failed: ${error instanceof Error ? error.message : String(error)}`);
      await this.connection.reset();
    }
    this.schedule(next);
  }
}
