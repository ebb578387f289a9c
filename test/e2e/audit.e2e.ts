import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { Prisma, PrismaClient } from '@prisma/client';
import {
  AuditSealer,
  checkInclusionProof,
  CheckpointSigner,
  checkpointToLine,
  CheckpointWitness,
  ExternalCheckpointLog,
  parseSigningKey,
  pgRunner,
  writeAuditEvent,
  type InclusionProof,
} from '@consilium/audit';
import { hashPassword } from '../../apps/api/src/auth/password.hasher';
import { ROOT } from '../support/constants';
import {
  expectStatus,
  inclusionProof,
  fhirResource,
  signInWith,
  startStack,
  type RawAnswer,
  type Stack,
  type UserClient,
} from '../support/stack';
import type { operations } from '../../apps/web/src/api-schema';

const run = promisify(execFile);
const VERIFY_PROOF = join(ROOT, 'dist', 'scripts', 'ts', 'verify-proof.js');
/** Board B's auditor is a user of this test's own (not a demo user), with a password of its own. */
const BOARD_B_PASSWORD = 'Board-B-Auditor-Passw0rd';
/** A spreadsheet formula sent as the User-Agent of a PHI read: the CSV export must defuse it. */
const FORMULA_AGENT = '=1+2+cmd';

type EventQuery = NonNullable<operations['AuditController_search']['parameters']['query']>;

/** The rows of a CSV export answered by raw() (text: it is not JSON), header row first. */
function csvLines(answer: RawAnswer): string[] {
  if (typeof answer.body !== 'string') throw new Error(`expected CSV text, got ${JSON.stringify(answer.body)}`);
  return answer.body.split('\r\n').filter((line) => line !== '');
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('audit trail over HTTP (issue 5)', () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let client: Client;
  let checkpointDir: string;
  let witness: CheckpointWitness;
  let publicKeyPem: string;
  let sealer: AuditSealer;
  let boardA: string;
  let boardB: string;
  let coordinatorId: string;
  let auditor: UserClient;
  let admin: UserClient;
  let clinician: UserClient;
  let auditorB: UserClient;
  let caseOne: { id: string; patientId: string };
  let caseTwo: { id: string; patientId: string };
  let boardBEventId: string;
  /** Between the coordinator's first reads (case one) and later reads (case two). */
  let between: string;
  let after: string;

  /** A page of GET /audit/events with this query, as `user` (200 expected). */
  const events = (user: UserClient, query: EventQuery) =>
    expectStatus(user.get('/audit/events', { params: { query } }));
  /** GET /audit/verify as the auditor (200 expected). */
  const verify = () => expectStatus(auditor.get('/audit/verify'));
  /** GET /audit/events/{id}/proof as `user`. */
  const proofOf = (user: UserClient, id: string) => user.get('/audit/events/{id}/proof', { params: { path: { id } } });
  /** The events the database holds for a filter, newest first (the ground truth of the API's answers). */
  const truth = async (where: Prisma.AuditEventWhereInput): Promise<string[]> =>
    (await prisma.auditEvent.findMany({ where, orderBy: { seq: 'desc' }, select: { id: true } })).map((row) => row.id);

  beforeAll(async () => {
    const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    checkpointDir = mkdtempSync(join(tmpdir(), 'consilium-audit-e2e-'));
    stack = await startStack('audit_e2e', {
      env: {
        AUDIT_CHECKPOINT_DIR: checkpointDir,
        AUDIT_WITNESS_DIR: join(checkpointDir, 'witness'),
        AUDIT_SIGNING_KEY: signingKey,
      },
    });
    prisma = stack.prisma;
    client = new Client({ connectionString: stack.database.url });
    await client.connect();
    boardA = stack.boardId;
    const cases = await prisma.case.findMany({
      where: { reference: { in: ['CRC-DEMO-0001', 'CRC-DEMO-0002'] } },
      orderBy: { reference: 'asc' },
    });
    caseOne = cases[0]!;
    caseTwo = cases[1]!;
    expect(caseOne.patientId).not.toBe(caseTwo.patientId);

    // Board B, with an auditor of its own and one event of its own.
    boardB = (await prisma.board.create({ data: { name: 'Audit board B', requiredSpecialties: [] } })).id;
    await prisma.user.create({
      data: {
        email: 'auditor-b@consilium.test',
        displayName: 'Board B Auditor',
        roles: ['AUDITOR'],
        passwordHash: await hashPassword(BOARD_B_PASSWORD),
        memberships: { create: { boardId: boardB } },
      },
    });
    await writeAuditEvent(
      prisma,
      { service: 'consilium-api', instance: 'e2e' },
      {
        action: 'R',
        type: 'case.read',
        actor: { userId: null, roles: ['SYSTEM'] },
        entity: { type: 'case', id: 'board-b-case' },
        boardId: boardB,
      },
    );
    boardBEventId = (await prisma.auditEvent.findFirstOrThrow({ where: { boardId: boardB } })).id;

    const { config } = stack;
    const signer = new CheckpointSigner(parseSigningKey(signingKey));
    publicKeyPem = signer.publicKeyPem();
    writeFileSync(join(checkpointDir, 'pinned.pub.pem'), publicKeyPem);
    witness = new CheckpointWitness(config.audit.witnessDir, undefined);
    sealer = new AuditSealer(
      pgRunner(client),
      signer,
      new ExternalCheckpointLog(config.audit.checkpointDir),
      4,
      witness,
    );
    let coordinator: UserClient;
    [coordinator, auditor, admin, clinician, auditorB] = await Promise.all([
      stack.as('coordinator'),
      stack.as('auditor'),
      stack.as('admin'),
      stack.as('surgeon'),
      signInWith(stack.url, 'auditor-b@consilium.test', BOARD_B_PASSWORD, prisma),
    ]);
    coordinatorId = coordinator.userId;
    const readCase = (user: UserClient, id: string, agent?: string) =>
      user.get('/cases/{id}', { params: { path: { id } }, headers: agent ? { 'user-agent': agent } : {} });

    // PHI reads by the coordinator: case one three times (once with a formula as its agent), then case two twice.
    for (const agent of ['e2e', FORMULA_AGENT, 'e2e'])
      expect((await readCase(coordinator, caseOne.id, agent)).status).toBe(200);
    await pause(50);
    between = new Date().toISOString();
    await pause(50);
    for (let index = 0; index < 2; index += 1) expect((await readCase(coordinator, caseTwo.id)).status).toBe(200);
    await pause(50);
    after = new Date().toISOString();
    // A read by someone else, so that the actor filter has something to leave out.
    expect((await readCase(clinician, caseOne.id)).status).toBe(200);

    // The worker does not run here: seal in-process, in small batches (several batches and checkpoints).
    expect(await sealer.sealAll()).toBeGreaterThan(7);
  });

  afterAll(async () => {
    await client?.end();
    await stack?.close();
    if (checkpointDir) rmSync(checkpointDir, { recursive: true, force: true });
  });

  it('filters by patient: exactly the board-A events about that patient', async () => {
    const page = await events(auditor, { patientId: caseOne.patientId });
    const expected = await truth({ patientId: caseOne.patientId, boardId: { in: [boardA] } });
    expect(expected.length).toBeGreaterThanOrEqual(4); // 3 reads by the coordinator, 1 by the clinician
    expect(page.items.map((item) => item.id)).toEqual(expected);
    expect(page.items.every((item) => item.patientId === caseOne.patientId)).toBe(true);
    expect(page.nextCursor).toBeNull();
  });

  it('filters by actor, action and time range', async () => {
    const byActor = await events(auditor, { actorUserId: coordinatorId, action: 'R' });
    const reads = byActor.items.filter((item) => item.type === 'case.read');
    expect(reads).toHaveLength(5);
    expect(byActor.items.every((item) => item.actorUserId === coordinatorId && item.action === 'R')).toBe(true);
    expect(byActor.items.map((item) => item.id)).toEqual(
      await truth({ actorUserId: coordinatorId, action: 'R', boardId: { in: [boardA] } }),
    );

    const window = await events(auditor, { actorUserId: coordinatorId, from: between, to: after });
    expect(window.items).toHaveLength(2);
    expect(
      window.items.every(
        (item) =>
          item.type === 'case.read' &&
          item.patientId === caseTwo.patientId &&
          item.recordedAt >= between &&
          item.recordedAt < after,
      ),
    ).toBe(true);
    const before = await events(auditor, { actorUserId: coordinatorId, action: 'R', to: between });
    expect(before.items.filter((item) => item.type === 'case.read').map((item) => item.patientId)).toEqual([
      caseOne.patientId,
      caseOne.patientId,
      caseOne.patientId,
    ]);

    const updates = await events(auditor, { actorUserId: coordinatorId, action: 'U' });
    expect(updates.items).toEqual([]);
  });

  it('pages with a cursor: disjoint pages, newest first, together exactly the matching events', async () => {
    const expected = await truth({ boardId: { in: [boardA] }, action: 'R' });
    expect(expected.length).toBeGreaterThanOrEqual(6);
    const first = await events(auditor, { action: 'R', limit: 4 });
    expect(first.items).toHaveLength(4);
    expect(first.nextCursor).toBe(first.items[3]!.seq);
    const second = await events(auditor, { action: 'R', limit: 4, cursor: first.nextCursor! });
    expect(second.items.length).toBeGreaterThan(0);
    const firstIds = new Set(first.items.map((item) => item.id));
    expect(second.items.some((item) => firstIds.has(item.id))).toBe(false);
    expect(BigInt(second.items[0]!.seq)).toBeLessThan(BigInt(first.items[3]!.seq));
    const all = [...first.items, ...second.items];
    let cursor = second.nextCursor;
    while (cursor) {
      const next = await events(auditor, { action: 'R', limit: 4, cursor });
      all.push(...next.items);
      cursor = next.nextCursor;
    }
    expect(all.map((item) => item.id)).toEqual(expected);
    const badCursor = await auditor.get('/audit/events', { params: { query: { cursor: 'abc' } } });
    expect(badCursor.status).toBe(400);
    expect(badCursor.problem).toBeDefined();
  });

  it('exports CSV with a header row and defused formulas', async () => {
    const response = await auditor.get('/audit/events/export.csv', {
      params: { query: { actorUserId: coordinatorId, action: 'R' } },
      parseAs: 'text',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = response.body;
    expect(typeof text).toBe('string');
    const lines = text.split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toBe(
      'id,seq,recordedAt,action,type,outcome,outcomeDesc,actorUserId,actorRoles,onBehalfOfId,sourceService,sourceInstance,networkAddress,userAgent,purposeOfUse,entityType,entityId,patientId,boardId,requestId,changes,detail,leafIndex,batchId',
    );
    const expected = await truth({ actorUserId: coordinatorId, action: 'R', boardId: { in: [boardA] } });
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(expected);
    const formulaRows = lines.filter((line) => line.includes(FORMULA_AGENT));
    expect(formulaRows).toHaveLength(1);
    expect(formulaRows[0]).toContain(`,'${FORMULA_AGENT},`);
    expect(lines.some((line) => line.split(',').some((cell) => /^[=+\-@]/.test(cell)))).toBe(false);
  });

  it('exports a FHIR Bundle of AuditEvent resources', async () => {
    const response = await auditor.raw('GET', `/audit/events/export.fhir?patientId=${caseTwo.patientId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const bundle = fhirResource('Bundle', response.body);
    const expected = await truth({ patientId: caseTwo.patientId, boardId: { in: [boardA] } });
    expect(expected).toHaveLength(2);
    expect(bundle.total).toBe(2);
    const auditEvents = (bundle.entry ?? []).map((entry) => ({
      fullUrl: entry.fullUrl,
      resource: fhirResource('AuditEvent', entry.resource),
    }));
    expect(auditEvents.map((entry) => entry.resource.id)).toEqual(expected);
    for (const entry of auditEvents) {
      expect(entry.resource.action).toBe('R');
      expect(entry.fullUrl).toBe(`urn:uuid:${entry.resource.id}`);
      expect(entry.resource.entity?.map((entity) => entity.what?.reference)).toContain(`Patient/${caseTwo.patientId}`);
    }
  });

  it('pages the exports like the search: `limit` obeyed, the next page in a Link header (CSV) and Bundle.link (FHIR)', async () => {
    const expected = await truth({ actorUserId: coordinatorId, action: 'R', boardId: { in: [boardA] } });
    expect(expected.length).toBeGreaterThan(4);
    const csvIds: string[] = [];
    let path: string | null = `/audit/events/export.csv?actorUserId=${coordinatorId}&action=R&limit=2`;
    while (path !== null) {
      const response = await auditor.raw('GET', path);
      expect(response.status).toBe(200);
      const rows = csvLines(response).slice(1);
      expect(rows.length).toBeLessThanOrEqual(2);
      csvIds.push(...rows.map((line) => line.split(',')[0]!));
      const next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '');
      path = next ? next[1]! : null;
      if (next) expect(rows).toHaveLength(2);
    }
    expect(csvIds).toEqual(expected);

    const fhir = await auditor.raw('GET', `/audit/events/export.fhir?actorUserId=${coordinatorId}&action=R&limit=3`);
    const bundle = fhirResource('Bundle', fhir.body);
    const idsOf = (page: typeof bundle) => (page.entry ?? []).map((entry) => entry.resource?.id);
    expect(bundle.entry).toHaveLength(3);
    expect(idsOf(bundle)).toEqual(expected.slice(0, 3));
    const nextUrl = bundle.link?.find((link) => link.relation === 'next')?.url;
    expect(nextUrl).toEqual(expect.any(String));
    expect(fhir.headers.get('link')).toBe(`<${nextUrl}>; rel="next"`);
    const second = fhirResource('Bundle', (await auditor.raw('GET', nextUrl!)).body);
    expect(idsOf(second)).toEqual(expected.slice(3, 6));
    const tooMany = await auditor.get('/audit/events/export.csv', { params: { query: { limit: 501 } } });
    expect(tooMany.problem).toMatchObject({ errors: [{ field: 'limit' }] });
  });

  it('gives a clinician 403 on every audit route', async () => {
    for (const path of [
      '/audit/events',
      '/audit/events/export.csv',
      '/audit/events/export.fhir',
      '/audit/verify',
      `/audit/events/${boardBEventId}/proof`,
    ]) {
      expect([path, (await clinician.raw('GET', path)).status]).toEqual([path, 403]);
    }
  });

  it('scopes a board-B auditor to board B: no board-A events, 404 on a board-A proof', async () => {
    const page = await events(auditorB, { limit: 500 });
    expect(page.items.map((item) => item.id)).toContain(boardBEventId);
    expect(page.items.every((item) => item.boardId === boardB)).toBe(true);
    expect((await events(auditorB, { patientId: caseOne.patientId })).items).toEqual([]);
    const csv = await auditorB.get('/audit/events/export.csv', {
      params: { query: { actorUserId: coordinatorId } },
      parseAs: 'text',
    });
    expect(csv.status).toBe(200);
    expect(csv.body.split('\r\n').filter((line) => line !== '')).toHaveLength(1);

    const boardAEvent = await prisma.auditEvent.findFirstOrThrow({ where: { boardId: boardA, leaf: { isNot: null } } });
    expect((await proofOf(auditorB, boardAEvent.id)).status).toBe(404);
    expect((await proofOf(auditor, boardAEvent.id)).status).toBe(200);
    expect((await proofOf(auditorB, boardBEventId)).status).toBe(200);
    expect((await proofOf(auditor, boardBEventId)).status).toBe(404);
    // The admin (all boards) sees both.
    const adminPage = await events(admin, { limit: 500 });
    const boards = new Set(adminPage.items.map((item) => item.boardId));
    expect(boards.has(boardA) && boards.has(boardB)).toBe(true);
  });

  it('returns an inclusion proof that the standalone verifier accepts, and rejects once one byte of the event changes', async () => {
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { actorUserId: coordinatorId, type: 'case.read', userAgent: FORMULA_AGENT },
      include: { leaf: true },
    });
    expect(event.leaf).not.toBeNull();
    const proof = inclusionProof(await expectStatus(proofOf(auditor, event.id)));
    expect(proof.event.id).toBe(event.id);
    expect(proof.leafIndex).toBe(event.leaf!.leafIndex.toString());
    expect(proof.publicKey.trim()).toBe(publicKeyPem.trim());
    const pinned = createPublicKey(publicKeyPem);
    expect(checkInclusionProof(proof, pinned)).toEqual({ ok: true, failure: null });

    const altered: InclusionProof = {
      ...proof,
      event: { ...proof.event, userAgent: FORMULA_AGENT.replace('cmd', 'cme') },
    };
    expect(Buffer.byteLength(JSON.stringify(altered.event))).toBe(Buffer.byteLength(JSON.stringify(proof.event)));
    const rejected = checkInclusionProof(altered, pinned);
    expect(rejected.ok).toBe(false);
    expect(rejected.failure).toMatch(/content was changed/);
    // A proof signed by another key does not verify with the pinned key either.
    expect(checkInclusionProof(proof, generateKeyPairSync('ed25519').publicKey).ok).toBe(false);

    // The compiled offline script (npm run build), with the pinned key.
    expect(existsSync(VERIFY_PROOF)).toBe(true);
    const good = join(checkpointDir, 'proof.json');
    const bad = join(checkpointDir, 'proof-altered.json');
    writeFileSync(good, JSON.stringify(proof));
    writeFileSync(bad, JSON.stringify(altered));
    const accepted = await run(process.execPath, [
      VERIFY_PROOF,
      good,
      '--public-key',
      join(checkpointDir, 'pinned.pub.pem'),
    ]);
    expect(accepted.stdout).toMatch(new RegExp(`^OK: event ${event.id} is leaf ${proof.leafIndex} `));
    await expect(
      run(process.execPath, [VERIFY_PROOF, bad, '--public-key', join(checkpointDir, 'pinned.pub.pem')]),
    ).rejects.toMatchObject({ code: 1, stdout: expect.stringMatching(/^FAILED: .*content was changed/) });
  });

  it('answers 409 for an event not sealed yet', async () => {
    await writeAuditEvent(
      prisma,
      { service: 'consilium-api', instance: 'e2e' },
      {
        action: 'R',
        type: 'case.read',
        actor: { userId: null },
        entity: { type: 'case', id: caseOne.id },
        boardId: boardA,
      },
    );
    const unsealed = await prisma.auditEvent.findFirstOrThrow({ where: { boardId: boardA, leaf: { is: null } } });
    expect((await proofOf(auditor, unsealed.id)).status).toBe(409);
  });

  it('verifies the log as intact, then names the exact event a superuser tampered with', async () => {
    await sealer.sealAll();
    await witness.settle();
    // Another database's checkpoint in the same file (a bench beside the demo, issue 21).
    const stranger = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
    appendFileSync(
      join(checkpointDir, 'checkpoints.jsonl'),
      `${checkpointToLine(stranger.sign(randomUUID(), 1n, Buffer.alloc(32), new Date()))}\n`,
    );
    const sealed = await prisma.auditLeaf.count();
    const intact = await verify();
    expect(intact.ok).toBe(true);
    expect(intact.finding).toBeNull();
    expect(intact.leavesVerified).toBe(String(sealed));
    expect(intact.checkpointsVerified.external).toBeGreaterThan(1);
    expect(intact.checkpointsVerified.database).toBe(intact.checkpointsVerified.external);
    expect(intact).toMatchObject({
      otherLogLines: 1,
      checkpointsVerified: { witness: intact.checkpointsVerified.external },
      witness: { missingCheckpoints: 0 },
    });

    const target = await prisma.auditEvent.findFirstOrThrow({
      where: { actorUserId: coordinatorId, type: 'case.read', patientId: caseTwo.patientId },
      orderBy: { seq: 'asc' },
      include: { leaf: true },
    });
    // What a superuser can do: bypass the append-only triggers and rewrite one row.
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    const updated = await client.query(`UPDATE audit_events SET user_agent = 'tampered' WHERE id = $1::uuid`, [
      target.id,
    ]);
    await client.query('COMMIT');
    expect(updated.rowCount).toBe(1);

    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.finding).toMatchObject({
      kind: 'leaf-hash-mismatch',
      eventId: target.id,
      leafIndex: target.leaf!.leafIndex.toString(),
    });
    expect(report.leavesVerified).toBe(target.leaf!.leafIndex.toString());

    // Its proof no longer verifies either.
    const proof = inclusionProof(await expectStatus(proofOf(auditor, target.id)));
    expect(proof.event.userAgent).toBe('tampered');
    expect(checkInclusionProof(proof, createPublicKey(publicKeyPem)).ok).toBe(false);
  });
});
