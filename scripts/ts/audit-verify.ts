/**
 * npm run audit:verify — recomputes every leaf, batch root, chain link and checkpoint signature of
 * the audit log in DATABASE_URL, against the external checkpoint log in AUDIT_CHECKPOINT_DIR
 * and the witness copy in AUDIT_WITNESS_DIR (lines of other logs sharing them are counted, not
 * checked). Prints the report as JSON; exit 0 when the log is intact, 1 on a finding, 2 on an error.
 * Options: --public-key <file.pem> verifies with a pinned public key instead of the configured key;
 * --witness <dir> checks against a witness copy obtained independently (an auditor's own copy);
 * --workers <n> hashes leaves in n worker threads, each reading its pages on its own connection in
 * this run's snapshot (default: one per CPU; 0 hashes in the main thread). The report is the same.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Client } from 'pg';
import { loadConfigFromEnvironment } from '@consilium/config';
import { configuredCheckpointLogs, pgRunner, resolveSigningKey, verifyAuditLog } from '@consilium/audit';

/** The value after `--name` on the command line; undefined without the option, an error when it has none. */
function optionValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  if (at < 0) return undefined;
  const value = process.argv[at + 1];
  if (value === undefined) throw new Error(`${name} needs a value`);
  return value;
}

async function main(): Promise<number> {
  const config = loadConfigFromEnvironment();
  const keyFile = optionValue('--public-key');
  const witnessDir = optionValue('--witness');
  const workersOption = optionValue('--workers');
  const workers = workersOption === undefined ? availableParallelism() : Number(workersOption);
  if (!Number.isInteger(workers) || workers < 0 || workers > 64)
    throw new Error(`--workers: expected an integer from 0 to 64, got ${workersOption}`);
  const { external, witness, legacyLines } = configuredCheckpointLogs(
    witnessDir !== undefined ? { ...config.audit, witnessDir } : config.audit,
  );
  const publicKey =
    keyFile !== undefined
      ? createPublicKey(readFileSync(keyFile, 'utf8'))
      : createPublicKey(await resolveSigningKey(config.audit, config.env));
  const client = new Client({ connectionString: config.databaseUrl, application_name: 'consilium-audit-verify' });
  await client.connect();
  try {
    // One snapshot for the whole run: a sealer working meanwhile changes nothing we read.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const report = await verifyAuditLog(pgRunner(client), publicKey, external, witness, legacyLines, {
      connectionString: config.databaseUrl,
      workers,
    });
    await client.query('COMMIT');
    console.log(JSON.stringify(report, null, 2));
    if (report.checkpointsVerified.external === 0 && report.leavesVerified !== '0')
      console.error(
        'warning: no external checkpoint log found: a rewrite by the database superuser would not be detected',
      );
    if (report.witness && report.witness.missingCheckpoints > 0)
      console.error(
        `warning: the witness copy lacks ${report.witness.missingCheckpoints} of this log's checkpoints, from tree size ${report.witness.firstMissingTreeSize ?? '?'}`,
      );
    return report.ok ? 0 : 1;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`audit:verify failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
