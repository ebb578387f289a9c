/**
 * Audit trail benchmarks (issue 5), each against a baseline measured in the same run:
 * Each pair runs three times interleaved (bench/support/pair.ts).
 * - sealing throughput: N unsealed events a round (default 200,000) sealed by AuditSealer, in
 *   events/s (target >= 20,000/s), vs raw SHA-256 leaf hashing (RFC 6962) of the same RFC 8785
 *   bytes in-process.
 * - sealing while the API (a process of its own) takes writes: events/s (target >= 30,000/s).
 * - verifying the whole log streamed from PostgreSQL (default 1,000,000 events): seconds (target
 *   <= 20 s) vs streaming and canonicalizing the same rows without hashing (the floor); raw
 *   SHA-256 of the same bytes printed beside it.
 * - an audited mutation (UPDATE cases + the audit INSERT in one transaction) vs the same
 *   mutation without auditing: p50/p95 over sequential transactions, p95 difference (target
 *   <= 2 ms); through Prisma $transaction + writeAuditEvent (the API's path) and through a pg
 *   client BEGIN/COMMIT + writeAuditEventSql.
 *
 * Usage: node dist/bench/audit.bench.js [sealEvents] [verifyEvents] [mutations]
 * (or BENCH_AUDIT_SEAL_EVENTS, BENCH_AUDIT_VERIFY_EVENTS, BENCH_AUDIT_MUTATIONS).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  AuditSealer,
  canonicalAuditEvent,
  CheckpointSigner,
  ExternalCheckpointLog,
  hashLeaf,
  LEAF_COLUMNS,
  LEAF_FROM,
  leafFieldsOf,
  pgRunner,
  verifyAuditLog,
  writeAuditEvent,
  writeAuditEventSql,
  type AuditEventInput,
  type AuditEventRow,
  type AuditSource,
} from '@consilium/audit';
import { seedDemo } from '../prisma/seed';
import { demoCredentials } from './support/demo-users';
import { benchPrisma, createBenchDatabase, fmt, median, percentile, REDIS_URL, ROOT, runBench } from './support/load';
import { comparePair, RUNS } from './support/pair';
import { freePort, startAppProcess, waitForOk } from './support/processes';

function count(position: number, variable: string, fallback: number): number {
  const raw = process.argv[position] ?? process.env[variable];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${variable}: expected a positive integer, got ${raw}`);
  return value;
}

const SEAL_BATCH_SIZE = 5_000; // as the worker (apps/worker/src/audit/audit-sealer.service.ts)
/** Events sealed per round, rounded up to whole batches so that each round seals only its own. */
const SEAL_EVENTS = Math.ceil(count(2, 'BENCH_AUDIT_SEAL_EVENTS', 200_000) / SEAL_BATCH_SIZE) * SEAL_BATCH_SIZE;
const VERIFY_EVENTS = Math.max(RUNS * SEAL_EVENTS, count(3, 'BENCH_AUDIT_VERIFY_EVENTS', 1_000_000));
const MUTATIONS = count(4, 'BENCH_AUDIT_MUTATIONS', 2_000);
const INSERT_CHUNK = 100_000;
const PAGE = 10_000;
const WRITE_CONNECTIONS = 10;

/** Varied events, every column filled, as the integration fixtures (one INSERT ... SELECT per chunk). */
async function insertEvents(client: Client, from: number, to: number): Promise<void> {
  for (let start = from; start <= to; start += INSERT_CHUNK) {
    await client.query(
      `INSERT INTO audit_events (action, type, outcome, outcome_desc, actor_user_id, actor_roles, on_behalf_of_id, source_service, source_instance,
         network_address, user_agent, purpose_of_use, entity_type, entity_id, patient_id, board_id, request_id, changes, detail)
       SELECT (ARRAY['C','R','U','D','E'])[1 + g % 5]::"AuditAction", 'case.update', 'SUCCESS'::"AuditOutcome", 'ok ' || g, gen_random_uuid(),
         ARRAY['CLINICIAN','CHAIR'], gen_random_uuid(), 'consilium-api', 'api-1', '10.0.' || (g % 250) || '.1',
         'Mozilla/5.0 (X11; Linux x86_64) bench/' || g, 'TREAT', 'case', 'case-' || g, gen_random_uuid(), gen_random_uuid(), 'req-' || g,
         jsonb_build_object('status', jsonb_build_object('old', 'DRAFT', 'new', 'READY'), 'n', g, 'weightKg', g / 7.0),
         jsonb_build_object('note', 'note ' || g, 'caseId', 'case-' || g)
       FROM generate_series($1::int, $2::int) AS g`,
      [start, Math.min(to, start + INSERT_CHUNK - 1)],
    );
  }
}

/**
 * Streams the sealed leaves [from, to) as the verifier reads them, canonicalizing each event
 * (RFC 8785), and with `hash` hashes each (RFC 6962 leaf hash, raw SHA-256). Only the hashing is
 * timed for `hashSeconds`; the whole pass gives `streamSeconds`. Without hashing, the pass is the
 * verifier's floor: the same rows streamed and serialized, nothing checked.
 */
async function hashBaseline(
  client: Client,
  from: number,
  to: number,
  hash = true,
): Promise<{ hashSeconds: number; streamSeconds: number; bytes: number; leaves: number }> {
  let hashMs = 0;
  let bytes = 0;
  let leaves = 0;
  let sink = 0;
  const started = performance.now();
  for (let next = from; next < to; next += PAGE) {
    // A window of PAGE leaf indexes, as the verifier reads them (an open range with LIMIT can make
    // PostgreSQL join and sort the whole rest of the log for every page).
    const { rows } = await client.query<AuditEventRow>(
      `SELECT ${LEAF_COLUMNS} FROM ${LEAF_FROM} WHERE l.leaf_index >= $1::bigint AND l.leaf_index < $2::bigint ORDER BY l.leaf_index`,
      [next, Math.min(to, next + PAGE)],
    );
    if (rows.length !== Math.min(to, next + PAGE) - next) throw new Error(`leaves ${next}.. are missing`);
    const payloads = rows.map((row) => Buffer.from(canonicalAuditEvent(leafFieldsOf(row)), 'utf8'));
    if (hash) {
      const hashStarted = performance.now();
      for (const payload of payloads) sink ^= hashLeaf(payload).readUInt8(0);
      hashMs += performance.now() - hashStarted;
    }
    for (const payload of payloads) bytes += payload.length;
    leaves += rows.length;
  }
  if (sink < 0) console.log(sink); // keeps the hashes observable
  return { hashSeconds: hashMs / 1000, streamSeconds: (performance.now() - started) / 1000, bytes, leaves };
}

/** Seals batches until `count` events are sealed (or none wait): how many, in how many seconds. */
async function sealSome(sealer: AuditSealer, count: number): Promise<{ sealed: number; seconds: number }> {
  const began = performance.now();
  let sealed = 0;
  while (sealed < count) {
    const batch = await sealer.sealOnce();
    if (!batch) break;
    sealed += batch.size;
  }
  return { sealed, seconds: (performance.now() - began) / 1000 };
}

/**
 * Sealing while the API takes writes: the API as a process of its own, an autocannon process
 * registering patients through it (POST /patients: a write and its audit row in one transaction)
 * at WRITE_CONNECTIONS, and meanwhile the sealer sealing SEAL_EVENTS waiting events (plus the
 * writes' own). Target >= 30,000 events/s sustained.
 */
async function sealUnderWriteLoad(url: string, client: Client, sealer: AuditSealer): Promise<void> {
  const port = await freePort();
  const checkpoints = mkdtempSync(join(tmpdir(), 'consilium-bench-audit-api-'));
  const api = startAppProcess('api', {
    DATABASE_URL: url,
    REDIS_URL,
    REDIS_PREFIX: `bench-audit-${process.pid}`,
    AUDIT_CHECKPOINT_DIR: checkpoints,
    PORT: String(port),
    HOST: '127.0.0.1',
  });
  let writer: ChildProcess | null = null;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForOk(`${base}/health/live`);
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(demoCredentials('coordinator')),
    });
    if (login.status !== 200) throw new Error(`login answered ${login.status}`);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const { rows: seqs } = await client.query<{ max: string | null }>('SELECT max(seq)::text AS max FROM audit_events');
    const firstSeq = Number(seqs[0]!.max ?? 0) + 1;
    await insertEvents(client, firstSeq, firstSeq + SEAL_EVENTS - 1);
    await client.query('ANALYZE audit_events');
    const eventsBefore = Number(
      (await client.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_events')).rows[0]!.n,
    );
    // autocannon in a process of its own, so its work does not share the sealer's event loop; each
    // request registers a new patient (a unique MRN), until SIGINT.
    const script = `const autocannon = require(process.argv[1]); let n = 0;
      const instance = autocannon({ url: process.argv[2], connections: Number(process.argv[3]), duration: 600, requests: [{ method: 'POST', path: '/patients',
        setupRequest: (request) => ({ ...request, headers: { 'content-type': 'application/json', authorization: 'Bearer ' + process.argv[4] },
          body: JSON.stringify({ mrn: 'SEAL-' + process.pid + '-' + (n++), givenName: 'Load', familyName: 'Writer', birthDate: '1961-02-03', sex: 'FEMALE' }) }) }] },
        (error, result) => { process.stdout.write(JSON.stringify(error ? {} : result)); process.exit(0); });
      process.on('SIGINT', () => instance.stop());`;
    writer = spawn(
      process.execPath,
      ['-e', script, join(ROOT, 'node_modules', 'autocannon'), base, String(WRITE_CONNECTIONS), accessToken],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let report = '';
    writer.stdout?.on('data', (chunk: Buffer) => (report += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // the load is on before sealing starts
    const { sealed, seconds } = await sealSome(sealer, SEAL_EVENTS);
    const exited = new Promise((resolve) => writer!.once('exit', resolve));
    writer.kill('SIGINT');
    await exited;
    const written =
      Number((await client.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_events')).rows[0]!.n) -
      eventsBefore;
    const load = (report ? JSON.parse(report) : null) as {
      requests?: { average: number };
      latency?: { p99: number };
      non2xx?: number;
    } | null;
    console.log(
      `sealing while the API takes writes (${WRITE_CONNECTIONS} connections registering patients: ${written} written meanwhile` +
        (load?.requests
          ? `, ${fmt(load.requests.average, 0)} writes/s, p99 ${load.latency?.p99 ?? '?'} ms, non-2xx ${load.non2xx ?? '?'}`
          : '') +
        `): ${sealed} events sealed in ${fmt(seconds, 1)} s, ${fmt(sealed / seconds, 0)} events/s (target >= 30000 events/s); load average ${fmt(loadavg()[0] ?? 0)}`,
    );
    // Leave the log sealed up to date for the verification that follows.
    await sealer.sealAll();
  } finally {
    if (writer && writer.exitCode === null) writer.kill('SIGKILL');
    await api.stop();
    rmSync(checkpoints, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const database = await createBenchDatabase('audit');
  const client = new Client({ connectionString: database.url, application_name: 'consilium-bench-audit' });
  await client.connect();
  const { prisma, end: endPrisma } = benchPrisma(database.url);
  const checkpointDir = mkdtempSync(join(tmpdir(), 'consilium-bench-audit-'));
  try {
    const { meetingId } = await seedDemo(prisma);
    const signer = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
    const external = new ExternalCheckpointLog(checkpointDir);
    const sealer = new AuditSealer(pgRunner(client), signer, external, SEAL_BATCH_SIZE);
    // Whatever the seed recorded is sealed first, so the measured round starts from a clean log.
    const seeded = await sealer.sealAll();

    // 1. Sealing throughput: three rounds, each sealing a fresh SEAL_EVENTS slice, interleaved with
    //    the baseline hashing that same slice's leaves.
    let started = performance.now();
    await insertEvents(client, 1, RUNS * SEAL_EVENTS);
    await client.query('ANALYZE audit_events');
    const insertSeconds = (performance.now() - started) / 1000;
    console.log(`sealing setup: generated ${RUNS} x ${SEAL_EVENTS} events in ${fmt(insertSeconds, 1)} s`);
    const sealedUpTo: number[] = [seeded];
    let leafBytes = 0;
    await comparePair(
      `sealing (${SEAL_EVENTS} events a run, batches of ${SEAL_BATCH_SIZE}) / raw SHA-256 of the same canonical leaves, events/s (target >= 20000 events/s)`,
      'events/s',
      async () => {
        // The three rounds' events are all inserted up front; a round seals exactly its own
        // SEAL_EVENTS (a whole number of batches) with sealOnce.
        const from = sealedUpTo[sealedUpTo.length - 1]!;
        const { sealed, seconds } = await sealSome(sealer, SEAL_EVENTS);
        if (sealed !== SEAL_EVENTS) throw new Error(`sealed ${sealed} events, expected ${SEAL_EVENTS}`);
        sealedUpTo.push(from + sealed);
        return { value: sealed / seconds };
      },
      async (run) => {
        const hashed = await hashBaseline(client, sealedUpTo[run]!, sealedUpTo[run + 1]!);
        leafBytes = hashed.bytes / hashed.leaves;
        return { value: hashed.leaves / hashed.hashSeconds };
      },
    );
    console.log(`sealing: canonical leaves of ${fmt(leafBytes, 0)} bytes`);
    await sealUnderWriteLoad(database.url, client, sealer);

    // 2. Verifying the whole log, streamed from PostgreSQL.
    started = performance.now();
    // Up to VERIFY_EVENTS leaves in all (the sealing rounds and the write load made the first ones).
    const leavesSoFar = Number(
      (await client.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_leaves')).rows[0]!.n,
    );
    const more = Math.max(0, VERIFY_EVENTS - leavesSoFar);
    if (more > 0) await insertEvents(client, RUNS * SEAL_EVENTS + 1, RUNS * SEAL_EVENTS + more);
    await client.query('ANALYZE audit_events');
    const moreInsertSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const moreSealed = await sealer.sealAll();
    const moreSealSeconds = (performance.now() - started) / 1000;
    await client.query('VACUUM (ANALYZE) audit_events');
    const total = leavesSoFar + moreSealed;
    console.log(
      `verify setup: generated ${more} more events in ${fmt(moreInsertSeconds, 1)} s, sealed them in ${fmt(moreSealSeconds, 1)} s (${fmt(moreSealed / moreSealSeconds, 0)} events/s); log holds ${total} leaves`,
    );
    const hashOnly: number[] = [];
    let megabytes = 0;
    await comparePair(
      `verify (${total} leaves streamed from PostgreSQL) / streaming + canonicalizing the same rows without hashing (the floor), seconds (lower is better; target <= 20 s)`,
      's',
      async () => {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const began = performance.now();
        const cpu = process.cpuUsage(); // this process and its hashing worker threads
        // As npm run audit:verify: leaf hashing in one worker thread per CPU, in this snapshot.
        const workers = availableParallelism();
        const report = await verifyAuditLog(pgRunner(client), signer.publicKey, external, null, 'set-aside', {
          connectionString: database.url,
          workers,
        });
        const seconds = (performance.now() - began) / 1000;
        const used = process.cpuUsage(cpu);
        console.log(
          `verify (${workers} hashing workers): ${fmt(seconds, 1)} s, ${fmt((used.user + used.system) / 1e6 / (total / 1e5), 2)} CPU s per 100k events in Node (PostgreSQL not counted); load average ${fmt(loadavg()[0] ?? 0)}`,
        );
        await client.query('COMMIT');
        if (!report.ok || report.leavesVerified !== String(total))
          throw new Error(`verification failed: ${JSON.stringify(report.finding)} (${report.leavesVerified} leaves)`);
        return { value: seconds };
      },
      async () => {
        const floor = await hashBaseline(client, 0, total, false);
        megabytes = floor.bytes / 1e6;
        return { value: floor.streamSeconds };
      },
    );
    const hashed = await hashBaseline(client, 0, total, true);
    hashOnly.push(hashed.hashSeconds);
    console.log(
      `verify: raw SHA-256 alone of the same ${fmt(megabytes, 0)} MB (RFC 6962 leaf hashes) took ${hashOnly.map((seconds) => fmt(seconds, 2)).join(', ')} s; streaming + canonicalizing + hashing ${fmt(hashed.streamSeconds, 2)} s`,
    );

    // 3. Audited mutation vs the same mutation without auditing (sequential, variants interleaved).
    const sourceCase = await prisma.case.findFirstOrThrow({ where: { reference: 'CRC-DEMO-0001' } });
    const actorUser = await prisma.user.findUniqueOrThrow({ where: { email: 'coordinator@consilium.demo' } });
    const source: AuditSource = { service: 'consilium-api', instance: 'bench' };
    const eventOf = (index: number, before: string | null, after: string): AuditEventInput => ({
      action: 'U',
      type: 'case.update',
      actor: {
        userId: actorUser.id,
        roles: actorUser.roles,
        networkAddress: '127.0.0.1',
        userAgent: 'bench',
        requestId: `bench-${index}`,
        purposeOfUse: 'TREAT',
      },
      entity: { type: 'case', id: sourceCase.id },
      patientId: sourceCase.patientId,
      boardId: sourceCase.boardId,
      changes: { questionForBoard: { old: before, new: after } },
      detail: { meetingId },
    });
    const times = {
      prismaBare: [] as number[],
      prismaAudited: [] as number[],
      pgBare: [] as number[],
      pgAudited: [] as number[],
    };
    let previous: string | null = sourceCase.questionForBoard;
    const auditedBefore = await prisma.auditEvent.count();
    for (let index = -50; index < MUTATIONS; index += 1) {
      // index < 0: warm-up, not recorded.
      const text = `Benchmark question ${index}`;
      const order = index % 2 === 0 ? ([false, true] as const) : ([true, false] as const);
      for (const audited of order) {
        const before = previous;
        let began = performance.now();
        await prisma.$transaction(async (tx) => {
          await tx.$executeRaw`UPDATE cases SET question_for_board = ${text} WHERE id = ${sourceCase.id}::uuid`;
          if (audited) await writeAuditEvent(tx, source, eventOf(index, before, text));
        });
        if (index >= 0) (audited ? times.prismaAudited : times.prismaBare).push(performance.now() - began);
        began = performance.now();
        await client.query('BEGIN');
        await client.query('UPDATE cases SET question_for_board = $1 WHERE id = $2::uuid', [text, sourceCase.id]);
        if (audited) await writeAuditEventSql(client, source, eventOf(index, text, text));
        await client.query('COMMIT');
        if (index >= 0) (audited ? times.pgAudited : times.pgBare).push(performance.now() - began);
        previous = text;
      }
    }
    const audited = (await prisma.auditEvent.count()) - auditedBefore;
    if (audited !== 2 * (MUTATIONS + 50))
      throw new Error(`expected ${2 * (MUTATIONS + 50)} audit events from the mutations, found ${audited}`);
    const latencyLine = (label: string, bare: number[], withAudit: number[]): void => {
      const difference = percentile(withAudit, 95) - percentile(bare, 95);
      console.log(
        `${label} (${MUTATIONS} sequential transactions each, audit table of ${total} rows): audited p50 ${fmt(median(withAudit))} ms p95 ${fmt(percentile(withAudit, 95))} ms; ` +
          `baseline without audit p50 ${fmt(median(bare))} ms p95 ${fmt(percentile(bare, 95))} ms; p95 difference ${fmt(difference)} ms (target <= 2); ratio p95 ${fmt(percentile(withAudit, 95) / percentile(bare, 95))}`,
      );
    };
    latencyLine('audited mutation, Prisma $transaction + writeAuditEvent', times.prismaBare, times.prismaAudited);
    latencyLine('audited mutation, pg BEGIN/COMMIT + writeAuditEventSql', times.pgBare, times.pgAudited);
  } finally {
    await client.end().catch(() => undefined);
    await endPrisma();
    await database.drop();
    rmSync(checkpointDir, { recursive: true, force: true });
  }
}

runBench(main);
