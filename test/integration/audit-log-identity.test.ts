import { generateKeyPairSync, sign } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  AuditSealer,
  checkpointBody,
  CheckpointSigner,
  checkpointToLine,
  CheckpointWitness,
  ExternalCheckpointLog,
  pgRunner,
  readLogId,
  verifyAuditLog,
  type AuditVerification,
} from '@consilium/audit';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { insertEvents } from './audit-fixtures';

const BATCH = 50;

/**
 * Issue 21: two databases (a demo and a bench, say) whose sealers share one checkpoint directory
 * and even one signing key (the development key lives in that directory). Each line names its
 * log, so each verifies against its own lines only, and tampering with its own lines is still found.
 */
describe('audit checkpoints bound to their log', () => {
  const key = generateKeyPairSync('ed25519').privateKey;
  const signer = new CheckpointSigner(key);
  let dir: string;
  let shared: ExternalCheckpointLog;
  const logs: { database: TestDatabase; client: Client; sealer: AuditSealer }[] = [];

  const verify = (
    index: number,
    external = shared,
    witness: ExternalCheckpointLog | null = null,
  ): Promise<AuditVerification> => verifyAuditLog(pgRunner(logs[index]!.client), signer.publicKey, external, witness);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-shared-'));
    shared = new ExternalCheckpointLog(dir);
    for (const label of ['audit_identity_a', 'audit_identity_b']) {
      const database = await createTestDatabase(label);
      const client = new Client({ connectionString: database.url });
      await client.connect();
      logs.push({ database, client, sealer: new AuditSealer(pgRunner(client), signer, shared, BATCH) });
    }
    // Interleaved, as a bench running beside a demo would write them.
    for (let round = 0; round < 3; round += 1) {
      for (const [index, log] of logs.entries()) {
        await insertEvents(log.client, 120 + index * 30, round * 1_000);
        await log.sealer.sealAll();
      }
    }
  });
  afterAll(async () => {
    for (const log of logs) {
      await log.client.end();
      await log.database.drop();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives each database its own log id at its first sealing, though both were cloned from one template', async () => {
    const [a, b] = await Promise.all(logs.map((log) => readLogId(pgRunner(log.client))));
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
    const lines = readFileSync(shared.file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { logId: string });
    expect(new Set(lines.map((line) => line.logId))).toEqual(new Set([a, b]));
  });

  it("both databases verify against the shared file, each counting the other log's lines as such", async () => {
    const [a, b] = [await verify(0), await verify(1)];
    // 3 rounds of 120 events in batches of 50: 3 batches each; 3 rounds of 150: 3 each.
    expect(a).toMatchObject({
      ok: true,
      finding: null,
      leavesVerified: '360',
      checkpointsVerified: { database: 9, external: 9 },
      otherLogLines: 9,
    });
    expect(b).toMatchObject({
      ok: true,
      finding: null,
      leavesVerified: '450',
      checkpointsVerified: { database: 9, external: 9 },
      otherLogLines: 9,
    });
  });

  it('still catches a tampered line of its own log, and the other database is not disturbed by it', async () => {
    const copy = new ExternalCheckpointLog(mkdtempSync(join(tmpdir(), 'audit-tampered-')));
    const ownId = await readLogId(pgRunner(logs[0]!.client));
    const lines = readFileSync(shared.file, 'utf8').trim().split('\n');
    const target = lines.findIndex(
      (line, index) => index > 3 && (JSON.parse(line) as { logId: string }).logId === ownId,
    );
    const line = JSON.parse(lines[target]!) as { rootHash: string; treeSize: string };
    lines[target] = JSON.stringify({
      ...line,
      rootHash: line.rootHash.replace(/^./, (digit) => (digit === '0' ? '1' : '0')),
    });
    writeFileSync(copy.file, `${lines.join('\n')}\n`);

    expect((await verify(0, copy)).finding).toMatchObject({
      kind: 'checkpoint-signature-invalid',
      checkpoint: { source: 'external', line: target + 1, treeSize: line.treeSize },
    });
    expect(await verify(1, copy)).toMatchObject({ ok: true, otherLogLines: 9 });
    rmSync(copy.dir, { recursive: true, force: true });
  });

  it("catches a validly signed line that moves its own log's root (a holder of the key rewriting history)", async () => {
    const copy = new ExternalCheckpointLog(mkdtempSync(join(tmpdir(), 'audit-forged-')));
    const ownId = await readLogId(pgRunner(logs[0]!.client));
    const forged = signer.sign(ownId!, 100n, Buffer.alloc(32, 7), new Date());
    writeFileSync(copy.file, `${readFileSync(shared.file, 'utf8')}${checkpointToLine(forged)}\n`);
    expect((await verify(0, copy)).finding).toMatchObject({
      kind: 'checkpoint-root-mismatch',
      checkpoint: { source: 'external', treeSize: '100' },
    });
    rmSync(copy.dir, { recursive: true, force: true });
  });

  it('accepts legacy lines (no log id) that verify as its own, and sets aside those that do not, never calling them tampering', async () => {
    const copy = new ExternalCheckpointLog(mkdtempSync(join(tmpdir(), 'audit-legacy-')));
    const legacyLine = (treeSize: bigint, rootHash: Buffer): string => {
      const body = { logId: null, treeSize, rootHash, signedAt: new Date('2026-11-01T00:00:00.000Z') };
      return checkpointToLine({
        ...body,
        keyId: signer.keyId,
        signature: sign(null, Buffer.from(checkpointBody(body), 'utf8'), key),
      });
    };
    const { rows } = await logs[0]!.client.query<{ root: string }>(
      `SELECT encode(root_hash, 'hex') AS root FROM audit_checkpoints WHERE tree_size = 100`,
    );
    appendFileSync(
      copy.file,
      `${legacyLine(100n, Buffer.from(rows[0]!.root, 'hex'))}\n${legacyLine(150n, Buffer.alloc(32, 9))}\n${legacyLine(5_000n, Buffer.alloc(32, 1))}\n`,
    );
    const report = await verify(0, copy);
    expect(report).toMatchObject({ ok: true, checkpointsVerified: { external: 1 }, legacyLinesSetAside: 2 });
    // With a deployment's own key (AUDIT_SIGNING_KEY), a legacy line it signed is this log's: a mismatch is tampering.
    const strict = await verifyAuditLog(
      pgRunner(logs[0]!.client),
      signer.publicKey,
      copy,
      null,
      'ours-if-signed-by-this-key',
    );
    expect(strict.finding).toMatchObject({
      kind: 'checkpoint-root-mismatch',
      checkpoint: { source: 'external', line: 2, treeSize: '150' },
    });
    rmSync(copy.dir, { recursive: true, force: true });
  });

  it('reports a database checkpoint that names another log (a superuser re-labelling rows) as such', async () => {
    const { client } = logs[0]!;
    await client.query('BEGIN');
    try {
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query('UPDATE audit_checkpoints SET log_id = gen_random_uuid() WHERE tree_size = 100');
      expect((await verify(0)).finding).toMatchObject({
        kind: 'checkpoint-other-log',
        checkpoint: { source: 'database', treeSize: '100' },
      });
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('keeps the log id immutable, like the other audit tables', async () => {
    await expect(logs[0]!.client.query('UPDATE audit_log_identity SET id = gen_random_uuid()')).rejects.toThrow(
      /append-only/,
    );
    await expect(logs[0]!.client.query('INSERT INTO audit_log_identity (singleton) VALUES (false)')).rejects.toThrow(
      /audit_log_identity_singleton/,
    );
  });
});

/**
 * The second witness: each signed checkpoint is also appended to AUDIT_WITNESS_DIR and POSTed to
 * AUDIT_WITNESS_URL (a real HTTP server here, failing at first), without holding up sealing.
 */
describe(CheckpointWitness.name, () => {
  let database: TestDatabase;
  let client: Client;
  let server: Server;
  let healthy = false;
  const received: string[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('audit_witness');
    client = new Client({ connectionString: database.url });
    await client.connect();
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        if (!healthy) {
          response.writeHead(503).end();
          return;
        }
        received.push(body);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await client?.end();
    await database?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every checkpoint to the directory and the endpoint in order, retrying a failing endpoint without blocking sealing; verify cross-checks the copy', async () => {
    const signer = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
    const [primaryDir, witnessDir] = [
      mkdtempSync(join(tmpdir(), 'audit-primary-')),
      mkdtempSync(join(tmpdir(), 'audit-witness-')),
    ];
    dirs.push(primaryDir, witnessDir);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/checkpoints`;
    const witness = new CheckpointWitness(witnessDir, url, { startingDelayMs: 20, maxDelayMs: 100 });
    const primary = new ExternalCheckpointLog(primaryDir);
    const sealer = new AuditSealer(pgRunner(client), signer, primary, 40, witness);
    await insertEvents(client, 200);

    expect(await sealer.sealAll()).toBe(200); // while the endpoint fails
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(witness.status()).toMatchObject({ pending: 5, delivered: 0, lastError: `witness ${url} answered 503` });
    healthy = true;
    await witness.settle();
    expect(witness.status()).toEqual({ dir: witnessDir, url, pending: 0, delivered: 5, lastError: null });
    const primaryLines = readFileSync(primary.file, 'utf8').trim().split('\n');
    expect(received).toEqual(primaryLines);
    expect(readFileSync(join(witnessDir, 'checkpoints.jsonl'), 'utf8').trim().split('\n')).toEqual(primaryLines);

    const witnessLog = new ExternalCheckpointLog(witnessDir, 'witness');
    const report = await verifyAuditLog(pgRunner(client), signer.publicKey, primary, witnessLog);
    expect(report).toMatchObject({
      ok: true,
      checkpointsVerified: { database: 5, external: 5, witness: 5 },
      witness: { file: witnessLog.file, missingCheckpoints: 0 },
    });

    // A witness that lost its last two lines, and one whose copy differs.
    const lines = readFileSync(witnessLog.file, 'utf8').trim().split('\n');
    writeFileSync(witnessLog.file, `${lines.slice(0, 3).join('\n')}\n`);
    const lagging = await verifyAuditLog(pgRunner(client), signer.publicKey, primary, witnessLog);
    expect(lagging).toMatchObject({ ok: true, witness: { missingCheckpoints: 2, firstMissingTreeSize: '160' } });
    const line = JSON.parse(lines[1]!) as { rootHash: string };
    writeFileSync(
      witnessLog.file,
      `${[lines[0], JSON.stringify({ ...line, rootHash: line.rootHash.replace(/^./, (digit) => (digit === '0' ? '1' : '0')) }), ...lines.slice(2)].join('\n')}\n`,
    );
    const altered = await verifyAuditLog(pgRunner(client), signer.publicKey, primary, witnessLog);
    expect(altered.finding).toMatchObject({
      kind: 'checkpoint-signature-invalid',
      checkpoint: { source: 'witness', line: 2, treeSize: '80' },
    });
  });
});
