import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkpointFromLine, checkpointToLine, parseSigningKey, type Checkpoint } from '../core/checkpoint';
import type { LegacyLinePolicy, LocatedCheckpoint } from '../core/log-verifier';
import type { SqlRunner } from './sql-runner';

export const CHECKPOINT_FILE = 'checkpoints.jsonl';
export const DEVELOPMENT_KEY_FILE = 'signing-key.pem';
export const PUBLIC_KEY_FILE = 'signing-key.pub.pem';

/** Raised when no signing key is configured where one is required. */
export class AuditKeyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AuditKeyError';
  }
}

/**
 * The checkpoint signing key: AUDIT_SIGNING_KEY when set (required in production by
 * @consilium/config). Outside production, without one, a key is generated at first start and kept
 * in the checkpoint directory (`signing-key.pem`, mode 0600, and `signing-key.pub.pem`), so the
 * worker and the API of one development machine agree.
 */
export async function resolveSigningKey(
  audit: { readonly signingKey?: string; readonly checkpointDir: string },
  env: string,
): Promise<KeyObject> {
  if (audit.signingKey) return parseSigningKey(audit.signingKey);
  if (env === 'production') throw new AuditKeyError('AUDIT_SIGNING_KEY must be set in production');
  await mkdir(audit.checkpointDir, { recursive: true });
  const path = join(audit.checkpointDir, DEVELOPMENT_KEY_FILE);
  try {
    return parseSigningKey(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new AuditKeyError(`cannot read ${path}`, { cause: error });
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  try {
    await writeFile(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    await writeFile(join(audit.checkpointDir, PUBLIC_KEY_FILE), publicKey.export({ type: 'spki', format: 'pem' }), {
      flag: 'w',
    });
    return privateKey;
  } catch (error) {
    // Another process (API or worker) created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return parseSigningKey(await readFile(path, 'utf8'));
    throw error;
  }
}

/**
 * The append-only checkpoint log outside the database: one JSON line per signed checkpoint in
 * `<dir>/checkpoints.jsonl`, opened in append mode and fsynced. Ship the directory to WORM
 * storage (or a second host) to make it independent of the database's superuser. Several logs
 * may share one file: each line names its log (`logId`). `source` says whether this is the
 * primary file (AUDIT_CHECKPOINT_DIR) or the witness copy (AUDIT_WITNESS_DIR).
 */
export class ExternalCheckpointLog {
  readonly file: string;

  constructor(
    readonly dir: string,
    readonly source: 'external' | 'witness' = 'external',
  ) {
    this.file = join(dir, CHECKPOINT_FILE);
  }

  async append(checkpoint: Checkpoint): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const handle = await open(this.file, 'a', 0o640);
    try {
      await handle.appendFile(`${checkpointToLine(checkpoint)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Every checkpoint of the file with its line number; none when the file does not exist. */
  async readAll(): Promise<LocatedCheckpoint[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const checkpoints: LocatedCheckpoint[] = [];
    text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      checkpoints.push({
        origin: { source: this.source, file: this.file, line: index + 1 },
        checkpoint: checkpointFromLine(line),
      });
    });
    return checkpoints;
  }
}

/**
 * The configured checkpoint files (AUDIT_CHECKPOINT_DIR's, the witness copy in AUDIT_WITNESS_DIR
 * if set) and how to read their legacy lines: a configured AUDIT_SIGNING_KEY signs this log only.
 */
export function configuredCheckpointLogs(audit: {
  readonly checkpointDir: string;
  readonly witnessDir?: string;
  readonly signingKey?: string;
}): {
  external: ExternalCheckpointLog;
  witness: ExternalCheckpointLog | null;
  legacyLines: LegacyLinePolicy;
} {
  return {
    external: new ExternalCheckpointLog(audit.checkpointDir),
    witness: audit.witnessDir ? new ExternalCheckpointLog(audit.witnessDir, 'witness') : null,
    legacyLines: audit.signingKey ? 'ours-if-signed-by-this-key' : 'set-aside',
  };
}

/** Creates this log's id if it has none yet (the sealer's first round); returns it. */
export async function ensureLogId(db: SqlRunner): Promise<string> {
  await db.query('INSERT INTO audit_log_identity (singleton) VALUES (true) ON CONFLICT DO NOTHING');
  const id = await readLogId(db);
  if (!id) throw new Error('audit_log_identity has no row after insert');
  return id;
}

/** This log's id (audit_log_identity); null before the first sealing round. */
export async function readLogId(db: SqlRunner): Promise<string | null> {
  const [row] = await db.query<{ id: string }>('SELECT id::text AS id FROM audit_log_identity');
  return row?.id ?? null;
}
