import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { Redis } from 'ioredis';
import type { CaseFacts } from '@consilium/pathway';
import { OutboxTopic } from '@consilium/jobs';
import { withBiomarkers } from '../../libs/pathway/src/rectal-stage-iv/testing/fixtures';
import { seedDemo } from '../../prisma/seed';
import { ROOT } from '../support/constants';
import { startHaproxy, type RunningHaproxy } from '../support/haproxy';
import { rectalIntake } from '../support/intake';
import { followMeeting, missingEvents, type MeetingStream } from '../support/meeting-stream';
import { PrivatePostgres } from '../support/private-postgres';
import { PrivateRedis, freePort } from '../support/redis-server';
import { login } from '../support/auth';
import { demoLogin } from '../support/stack';
import { spawnApiProcess, spawnWorker, type WorkerProcess } from '../support/worker';
import { SmtpSink, eventually } from '../reminders/smtp-sink';

const run = promisify(execFile);

/** How long the load runs, and when each fault is injected (ms after the load starts). */
const LOAD_MS = 68_000;
const FAULTS = [
  { at: 8_000, name: 'SIGKILL API process' },
  { at: 22_000, name: 'SIGKILL worker' },
  { at: 36_000, name: 'restart PostgreSQL' },
  { at: 52_000, name: 'restart Redis' },
] as const;
const REMINDER_EVERY_MS = 1_000;
const SCREENS = 4;
const QUORUM = ['surgeon', 'oncologist', 'radiotherapist', 'radiologist', 'pathologist'] as const;
const CHOICES = ['APPROVE', 'APPROVE_WITH_CHANGES', 'REJECT', 'ABSTAIN'] as const;
const resectableFacts = (({ ageYears: _age, ...facts }: CaseFacts) => facts)(withBiomarkers({ kras: 'wild-type' }));

/** A string field of a JSON answer (`id`, `primaryBranch`), read after checking it is one. */
function stringField(body: unknown, field: string): string | undefined {
  if (typeof body !== 'object' || body === null || !(field in body)) return undefined;
  const value: unknown = Reflect.get(body, field);
  return typeof value === 'string' ? value : undefined;
}

interface Attempt {
  readonly kind: string;
  readonly write: boolean;
  readonly sentAt: number;
  readonly doneAt: number;
  /** 0: no answer (connection reset, timeout). */
  readonly status: number;
}

interface Sample {
  readonly target: string;
  readonly at: number;
  readonly status: number;
}

interface FaultRecord {
  readonly name: string;
  injectedAt: number;
  restoredAt: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const ok = (status: number): boolean => status >= 200 && status < 300;

/**
 * Scale-out under faults: three API processes behind HAProxy (round robin) and two workers, on a
 * private PostgreSQL and a private Redis that the test restarts. While clinicians vote and change
 * votes, the coordinator refers cases and edits the agenda, reminders fall due every second and
 * meeting screens follow the live events, one fault at a time: an API process SIGKILLed, a worker
 * SIGKILLed, PostgreSQL restarted, Redis restarted. Then: every acknowledged write is there once,
 * no refused one is half-written, one audit chain, every reminder delivered once per channel,
 * every screen saw every event (replayed after a reconnect, or told to reset), and readiness went
 * 503 during the outages and 200 again by itself.
 */
describe('scale-out: 3 API + 2 worker processes behind HAProxy, under faults', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let smtp: SmtpSink;
  let proxy: RunningHaproxy | undefined;
  let prisma: PrismaClient;
  let databaseUrl: string;
  const apiPorts: number[] = [];
  const apis: (WorkerProcess | undefined)[] = [];
  const workers: (WorkerProcess | undefined)[] = [];
  const checkpointDir = mkdtempSync(join(tmpdir(), 'consilium-test-checkpoints-'));
  const prefix = `scale-${randomUUID().slice(0, 8)}`;
  const screens: MeetingStream[] = [];

  const baseEnv = (): Record<string, string> & { AUDIT_CHECKPOINT_DIR: string } => ({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: prefix,
    SMTP_PORT: String(smtp.port),
    AUDIT_CHECKPOINT_DIR: checkpointDir,
  });

  const ready = async (port: number): Promise<number> =>
    fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(3_000) }).then(
      (response) => response.status,
      () => 0,
    );

  const startApiProcess = async (index: number): Promise<void> => {
    apis[index] = spawnApiProcess({
      ...baseEnv(),
      PORT: String(apiPorts[index]),
      SERVICE_INSTANCE: `api-${index}-${Date.now()}`,
    });
    await eventually(
      async () => (await ready(apiPorts[index]!)) === 200,
      60_000,
      `API ${index} ready\n${apis[index]!.output().slice(-2_000)}`,
    );
  };
  const startWorkerProcess = async (index: number): Promise<void> => {
    const worker = spawnWorker({ ...baseEnv(), SERVICE_INSTANCE: `worker-${index}-${Date.now()}` });
    workers[index] = worker;
    await eventually(
      async () => worker.output().includes('consilium-worker ready'),
      60_000,
      `worker ${index} ready\n${worker.output().slice(-2_000)}`,
    );
  };
  const kill = async (process: WorkerProcess | undefined): Promise<void> => {
    const child = process?.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  };

  beforeAll(async () => {
    postgres = await PrivatePostgres.create({ maxConnections: 200 });
    databaseUrl = await postgres.cloneTemplate('consilium_scale');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
    redis = new PrivateRedis(await freePort());
    await redis.start();
    smtp = new SmtpSink();
    await smtp.start();
    for (let index = 0; index < 3; index += 1) apiPorts.push(await freePort());
    // Sequentially: five Node processes booting at once on a loaded 2-core machine time out.
    for (let index = 0; index < 3; index += 1) await startApiProcess(index);
    for (let index = 0; index < 2; index += 1) await startWorkerProcess(index);
    proxy = await startHaproxy(apiPorts);
  }, 240_000);

  afterAll(async () => {
    for (const screen of screens) screen.close();
    for (const process of [...apis, ...workers]) await kill(process);
    await proxy?.stop();
    await smtp?.stop();
    await redis?.stop();
    await prisma?.$disconnect();
    await postgres?.destroy();
  });

  it('keeps every acknowledged write, one audit chain, every reminder once and every screen current through four faults', async () => {
    const url = proxy!.url;
    const attempts: Attempt[] = [];
    /** A request through the proxy: the status, or 0 when no answer came (reset, timeout). */
    const request = async (
      kind: string,
      method: string,
      path: string,
      token: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<{ status: number; body: unknown }> => {
      const sentAt = Date.now();
      let status = 0;
      let parsed: unknown;
      try {
        const response = await fetch(`${url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        status = response.status;
        const text = await response.text();
        parsed = text ? (JSON.parse(text) as unknown) : undefined;
      } catch {
        // no answer: counted as status 0
      }
      attempts.push({ kind, write: method !== 'GET', sentAt, doneAt: Date.now(), status });
      return { status, body: parsed };
    };
    /** Signs a demo user in through the proxy (prisma/seed.ts DEMO_USERS's password); throws unless 200. */
    const loginAs = async (who: string): Promise<string> => (await login(url, ...demoLogin(who))).accessToken;

    // The demo board's meeting in progress, the quorum checked in, a proposal on each agenda item.
    const { meetingId } = await seedDemo(prisma);
    const meeting = await prisma.meeting.findUniqueOrThrow({ where: { id: meetingId } });
    const users = new Map((await prisma.user.findMany()).map((user) => [user.email.split('@')[0]!, user]));
    await prisma.$transaction([
      prisma.meeting.update({
        where: { id: meetingId },
        data: {
          status: 'IN_PROGRESS',
          chairId: users.get('oncologist')!.id,
          votingOpenUntil: new Date(Date.now() + 86_400_000),
        },
      }),
      ...QUORUM.map((name) =>
        prisma.attendance.create({
          data: { meetingId, userId: users.get(name)!.id, specialty: users.get(name)!.specialty },
        }),
      ),
    ]);
    const coordinator = await loginAs('coordinator');
    const clinicians = new Map<string, string>();
    for (const name of QUORUM) clinicians.set(name, await loginAs(name));
    const seededItems = await prisma.agendaItem.findMany({ where: { meetingId }, orderBy: { position: 'asc' } });
    const recommendations: string[] = [];
    for (const item of seededItems) {
      const draft = await request('setup', 'POST', `/cases/${item.caseId}/drafts`, coordinator);
      expect(draft.status).toBe(201);
      const id = stringField(draft.body, 'id');
      const primaryBranch = stringField(draft.body, 'primaryBranch');
      if (!id || !primaryBranch) throw new Error(`the draft of case ${item.caseId} answered no id or primary branch`);
      const etag = (
        await fetch(`${url}/recommendations/${id}`, {
          headers: { authorization: `Bearer ${clinicians.get('oncologist')}` },
        })
      ).headers.get('etag')!;
      const proposal = {
        meetingId,
        branch: primaryBranch,
        intent: 'palliative',
        steps: ['Systemic therapy'],
        regimens: ['FOLFOX'],
        rationale: 'Scale-out test',
      };
      expect(
        (
          await request('setup', 'PUT', `/recommendations/${id}/proposal`, clinicians.get('oncologist')!, proposal, {
            'if-match': etag,
          })
        ).status,
      ).toBe(200);
      recommendations.push(id);
    }
    expect(recommendations.length).toBeGreaterThanOrEqual(2);

    // Reminders falling due every second of the load (and a little after), as the product schedules them: a row and its outbox event.
    const demoCase = await prisma.case.findFirstOrThrow({ where: { boardId: meeting.boardId } });
    const loadStart = Date.now() + 2_000;
    const reminderCount = Math.floor(LOAD_MS / REMINDER_EVERY_MS);
    const created = await prisma.reminder.createManyAndReturn({
      data: Array.from({ length: reminderCount }, (_v, index) => ({
        kind: 'MILESTONE' as const,
        caseId: demoCase.id,
        milestoneCode: 'SURGERY_TARGET',
        dedupeKey: `scale-${index}`,
        dueAt: new Date(loadStart + index * REMINDER_EVERY_MS),
        audience: ['BOARD_COORDINATORS' as const],
      })),
      select: { id: true, dueAt: true, version: true },
    });
    await prisma.outboxEvent.createMany({
      data: created.map((row) => ({
        topic: OutboxTopic.ReminderChanged,
        aggregateType: 'reminder',
        aggregateId: row.id,
        payload: { reminderId: row.id, version: row.version, dueAt: row.dueAt.toISOString() },
      })),
    });
    const reminderIds = created.map((row) => row.id);

    // Live meeting screens through the proxy (spread over the processes by round robin), reconnecting with Last-Event-ID.
    for (let index = 0; index < SCREENS; index += 1)
      screens.push(
        followMeeting(url, meetingId, () => clinicians.get('radiologist')!, { reconnect: true, retryMs: 250 }),
      );
    await eventually(
      async () => screens.every((screen) => screen.events.some((event) => event.type === 'ready')),
      20_000,
      'screens ready',
    );

    // Readiness of each process (directly) and of the proxy, every 250 ms.
    const samples: Sample[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const at = Date.now();
        const statuses = await Promise.all([
          ...apiPorts.map((port) => ready(port)),
          fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(3_000) }).then(
            (r) => r.status,
            () => 0,
          ),
        ]);
        statuses.forEach((status, index) =>
          samples.push({ target: index < apiPorts.length ? `api${index}` : 'proxy', at, status }),
        );
        await sleep(250);
      }
    })();

    // --- the load ------------------------------------------------------------------------------
    await sleep(Math.max(0, loadStart - Date.now()));
    const stopAt = loadStart + LOAD_MS;
    const running = (): boolean => Date.now() < stopAt;

    /** Per recommendation and voter: whether the vote was acknowledged, and each change's choice and status. */
    const ballots = new Map<
      string,
      { cast: boolean; castStatuses: number[]; changes: { choice: string; status: number }[] }
    >();
    const voter = async (name: string): Promise<void> => {
      const token = clinicians.get(name)!;
      for (const recommendationId of recommendations) {
        const ballot = {
          cast: false,
          castStatuses: [] as number[],
          changes: [] as { choice: string; status: number }[],
        };
        ballots.set(`${recommendationId}/${name}`, ballot);
        // Retry-safe: the same Idempotency-Key until an answer that is not an outage.
        const key = `scale-${name}-${recommendationId}`;
        while (running() && !ballot.cast) {
          const answer = await request(
            'vote',
            'POST',
            `/recommendations/${recommendationId}/votes`,
            token,
            { choice: 'APPROVE' },
            { 'idempotency-key': key },
          );
          ballot.castStatuses.push(answer.status);
          if (answer.status === 201) ballot.cast = true;
          else if (answer.status > 0 && answer.status < 500 && answer.status !== 409)
            throw new Error(`vote by ${name} refused ${answer.status}: ${JSON.stringify(answer.body)}`);
          else await sleep(300);
        }
      }
      let round = 0;
      while (running()) {
        for (const recommendationId of recommendations) {
          const ballot = ballots.get(`${recommendationId}/${name}`)!;
          if (!ballot.cast || !running()) continue;
          const choice = CHOICES[(round + name.length) % CHOICES.length]!;
          const answer = await request('vote-change', 'PUT', `/recommendations/${recommendationId}/votes/mine`, token, {
            choice,
          });
          ballot.changes.push({ choice, status: answer.status });
          await sleep(answer.status === 200 ? 150 : 400);
        }
        round += 1;
      }
    };

    /** Cases referred (2xx, with the marker each attempt carried) and refused attempts' markers. */
    const cases: { marker: string; id: string | null; status: number }[] = [];
    const agendaAdds: { caseId: string; id: string | null; status: number }[] = [];
    const agendaRemoves: { id: string; status: number }[] = [];
    const coordinatorLoop = async (): Promise<void> => {
      let attempt = 0;
      while (running()) {
        attempt += 1;
        const patient = await request('patient', 'POST', '/patients', coordinator, {
          mrn: `SC-${randomUUID().slice(0, 8)}`,
          givenName: 'Scale',
          familyName: `Out${attempt}`,
          birthDate: '1960-05-01',
          sex: 'FEMALE',
        });
        if (patient.status !== 201) {
          await sleep(400);
          continue;
        }
        const marker = `scale-out case ${attempt} ${randomUUID().slice(0, 8)}`;
        const referred = await request('case', 'POST', '/cases', coordinator, {
          patientId: stringField(patient.body, 'id'),
          boardId: meeting.boardId,
          questionForBoard: marker,
          lastImagingDate: '2026-11-10',
          ...rectalIntake(resectableFacts),
        });
        const caseId = referred.status === 201 ? (stringField(referred.body, 'id') ?? null) : null;
        cases.push({ marker, id: caseId, status: referred.status });
        if (!caseId) continue;
        if (
          (await request('case-ready', 'POST', `/cases/${caseId}/status`, coordinator, { status: 'READY' })).status !==
          200
        )
          continue;
        const added = await request('agenda-add', 'POST', `/meetings/${meetingId}/agenda`, coordinator, { caseId });
        const itemId = added.status === 201 ? (stringField(added.body, 'id') ?? null) : null;
        agendaAdds.push({ caseId, id: itemId, status: added.status });
        // Reorder: the newest first. Take every other added case off again.
        const agenda = await prisma.agendaItem
          .findMany({ where: { meetingId }, orderBy: { position: 'asc' }, select: { id: true } })
          .catch(() => []);
        if (agenda.length > 1)
          await request('agenda-order', 'PUT', `/meetings/${meetingId}/agenda/order`, coordinator, {
            itemIds: [agenda[agenda.length - 1]!.id, ...agenda.slice(0, -1).map((item) => item.id)],
          });
        if (itemId && attempt % 2 === 0)
          agendaRemoves.push({
            id: itemId,
            status: (await request('agenda-remove', 'DELETE', `/meetings/${meetingId}/agenda/${itemId}`, coordinator))
              .status,
          });
      }
    };

    // The faults, one at a time, each recovered before the next.
    const faults: FaultRecord[] = [];
    const injector = async (): Promise<void> => {
      for (const fault of FAULTS) {
        await sleep(Math.max(0, loadStart + fault.at - Date.now()));
        const record: FaultRecord = { name: fault.name, injectedAt: Date.now(), restoredAt: 0 };
        faults.push(record);
        switch (fault.name) {
          case 'SIGKILL API process':
            await kill(apis[1]);
            await startApiProcess(1);
            break;
          case 'SIGKILL worker':
            // Mid-work: reminders fall due every second and the sealer seals every 500 ms.
            await kill(workers[0]);
            await sleep(1_000);
            await startWorkerProcess(0);
            break;
          case 'restart PostgreSQL':
            // pg_ctl restart -m fast, with the server down for 2 s in between (`pg_ctlcluster ... restart`).
            await postgres.stop('fast');
            await sleep(2_000);
            await postgres.start();
            break;
          case 'restart Redis':
            await redis.stop();
            await sleep(2_000);
            await redis.start();
            break;
        }
        record.restoredAt = Date.now();
      }
    };

    await Promise.all([...QUORUM.map((name) => voter(name)), coordinatorLoop(), injector()]);
    const loadEnd = Date.now();
    expect(faults.map((fault) => fault.restoredAt > 0)).toEqual(FAULTS.map(() => true));

    // Every reminder delivered (the last fall due at the end of the load).
    await eventually(
      async () =>
        (await prisma.reminder.count({ where: { id: { in: reminderIds }, status: 'DELIVERED' } })) ===
        reminderIds.length,
      60_000,
      `all ${reminderIds.length} reminders delivered\n${workers.map((w) => w?.output().slice(-1_500)).join('\n---\n')}`,
    );
    // Every event sealed by whichever worker holds the sealer's lock.
    await eventually(
      async () => (await prisma.auditEvent.count()) === (await prisma.auditLeaf.count()),
      30_000,
      'every audit event sealed',
    );
    sampling = false;
    await sampler;

    // --- acknowledged writes present exactly once; refused ones absent or complete ------------
    const votes = await prisma.vote.findMany({ where: { recommendationId: { in: recommendations } } });
    const voteAudits = await prisma.auditEvent.findMany({
      where: { type: { in: ['vote.cast', 'vote.change'] } },
      select: { type: true, entityId: true },
    });
    // Every vote was acknowledged in the end (retried with its Idempotency-Key through the faults).
    expect(
      [...ballots]
        .filter(([, ballot]) => !ballot.cast)
        .map(([key, ballot]) => `${key}: ${ballot.castStatuses.join(',')}`),
    ).toEqual([]);
    for (const [key, ballot] of ballots) {
      const [recommendationId, name] = key.split('/') as [string, string];
      const rows = votes.filter(
        (vote) => vote.recommendationId === recommendationId && vote.voterId === users.get(name)!.id,
      );
      if (ballot.cast) expect({ key, rows: rows.length }).toEqual({ key, rows: 1 });
      else expect(rows.length).toBeLessThanOrEqual(1);
      const row = rows[0];
      if (!row) continue;
      expect(voteAudits.filter((audit) => audit.type === 'vote.cast' && audit.entityId === row.id)).toHaveLength(1);
      // Each acknowledged change applied once (one audit row each); an unanswered one at most once.
      const changes = voteAudits.filter((audit) => audit.type === 'vote.change' && audit.entityId === row.id).length;
      expect(changes).toBeGreaterThanOrEqual(ballot.changes.filter((change) => change.status === 200).length);
      expect(changes).toBeLessThanOrEqual(
        ballot.changes.filter((change) => change.status === 200 || change.status === 0 || change.status >= 500).length,
      );
      // The stored choice is the last acknowledged one, or a later unanswered one.
      const lastAcknowledged = ballot.changes.map((change) => change.status).lastIndexOf(200);
      const possible = [
        lastAcknowledged < 0 ? 'APPROVE' : ballot.changes[lastAcknowledged]!.choice,
        ...ballot.changes
          .slice(lastAcknowledged + 1)
          .filter((change) => change.status === 0 || change.status >= 500)
          .map((change) => change.choice),
      ];
      expect(possible).toContain(row.choice);
    }
    const storedCases = await prisma.case.findMany({
      where: { questionForBoard: { startsWith: 'scale-out case' } },
      select: { id: true, questionForBoard: true },
    });
    const caseAudits = new Set(
      (await prisma.auditEvent.findMany({ where: { type: 'case.create' }, select: { entityId: true } })).map(
        (audit) => audit.entityId,
      ),
    );
    for (const attempt of cases) {
      const rows = storedCases.filter((row) => row.questionForBoard === attempt.marker);
      if (attempt.status === 201) expect(rows.map((row) => row.id)).toEqual([attempt.id]);
      else expect(rows.length).toBeLessThanOrEqual(1);
    }
    for (const row of storedCases)
      expect({ case: row.id, audited: caseAudits.has(row.id) }).toEqual({ case: row.id, audited: true });
    const items = await prisma.agendaItem.findMany({ where: { meetingId } });
    const itemAudits = await prisma.auditEvent.findMany({
      where: { type: { in: ['meeting.agenda.add', 'meeting.agenda.remove'] } },
      select: { type: true, entityId: true },
    });
    const removed = new Set(agendaRemoves.filter((remove) => remove.status === 204).map((remove) => remove.id));
    for (const add of agendaAdds.filter((entry) => entry.status === 201)) {
      expect({ item: add.id, present: items.filter((item) => item.id === add.id).length }).toEqual({
        item: add.id,
        present: removed.has(add.id!) ? 0 : 1,
      });
    }
    const seededIds = new Set(seededItems.map((item) => item.id));
    for (const item of items.filter((entry) => !seededIds.has(entry.id)))
      expect({
        item: item.id,
        added: itemAudits.some((audit) => audit.type === 'meeting.agenda.add' && audit.entityId === item.id),
      }).toEqual({ item: item.id, added: true });
    for (const id of removed)
      expect(
        itemAudits.filter((audit) => audit.type === 'meeting.agenda.remove' && audit.entityId === id),
      ).toHaveLength(1);
    expect(new Set(items.map((item) => item.position)).size).toBe(items.length);

    // --- one audit chain: audit:verify against the database, exit 0 ----------------------------
    const verify = await run(process.execPath, [join(ROOT, 'dist/scripts/ts/audit-verify.js')], {
      cwd: join(ROOT, 'test'),
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NODE_ENV: 'test', ...baseEnv() },
    }).then(
      (result) => ({ code: 0, stdout: result.stdout, stderr: result.stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code ?? -1,
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? '',
      }),
    );
    expect({ code: verify.code, stderr: verify.stderr.slice(0, 2_000) }).toEqual({
      code: 0,
      stderr: expect.any(String),
    });
    const report = JSON.parse(verify.stdout) as { ok: boolean; leavesVerified: string };
    expect(report.ok).toBe(true);

    // --- every reminder once per channel; the SMTP side and the delivery log agree -------------
    const deliveries = await prisma.delivery.findMany({ where: { reminderId: { in: reminderIds } } });
    const inApp = deliveries.filter((delivery) => delivery.channel === 'IN_APP');
    const email = deliveries.filter((delivery) => delivery.channel === 'EMAIL');
    expect(new Set(inApp.map((delivery) => delivery.reminderId)).size).toBe(reminderIds.length);
    expect(inApp).toHaveLength(reminderIds.length);
    expect(email).toHaveLength(reminderIds.length);
    const ourMessageIds = new Set(email.map((delivery) => delivery.externalId));
    const mails = smtp.received.filter((mail) => ourMessageIds.has(mail.messageId));
    expect(new Set(mails.map((mail) => mail.messageId)).size).toBe(reminderIds.length);

    // --- every screen saw every event of the meeting (replayed after reconnecting, or reset) ----
    await sleep(1_500);
    const client = new Redis(redis.url);
    const meta = await client.hgetall(`${prefix}:meeting-events:{${meetingId}}:meta`);
    client.disconnect();
    const head = `${meta.gen}.${meta.seq}`;
    for (const [index, screen] of screens.entries()) {
      expect({ screen: index, missing: missingEvents(screen.events), last: screen.lastEventId() }).toEqual({
        screen: index,
        missing: [],
        last: head,
      });
    }
    const reconnects = screens.reduce((sum, screen) => sum + screen.connections.withLastEventId, 0);
    const resets = screens.reduce(
      (sum, screen) => sum + screen.events.filter((event) => event.type === 'reset').length,
      0,
    );
    expect(reconnects).toBeGreaterThan(0);
    for (const screen of screens) screen.close();

    // --- readiness: 503 during the PostgreSQL and Redis outages, 200 again by itself -----------
    const lines: string[] = [];
    for (const [faultIndex, fault] of faults.entries()) {
      const nextFault = faults[faultIndex + 1]?.injectedAt ?? Infinity;
      const after = (sample: { at: number }): boolean => sample.at >= fault.injectedAt && sample.at < nextFault;
      const firstWrite = attempts
        .filter((attempt) => attempt.write && ok(attempt.status) && attempt.sentAt >= fault.injectedAt)
        .sort((a, b) => a.doneAt - b.doneAt)[0];
      const perProcess = apiPorts.map((_port, index) => {
        const mine = samples.filter((sample) => sample.target === `api${index}` && after(sample));
        const down = mine.find((sample) => sample.status !== 200);
        const back = down ? mine.find((sample) => sample.at > down.at && sample.status === 200) : undefined;
        return {
          index,
          down: down?.status,
          back: back ? back.at - fault.injectedAt : down ? null : 0,
          statuses: new Set(
            mine.filter((sample) => sample.at <= (back?.at ?? Infinity)).map((sample) => sample.status),
          ),
        };
      });
      if (fault.name === 'restart PostgreSQL' || fault.name === 'restart Redis') {
        for (const process of perProcess) {
          expect({ fault: fault.name, api: process.index, down: process.down }).toEqual({
            fault: fault.name,
            api: process.index,
            down: 503,
          });
          expect({ fault: fault.name, api: process.index, recovered: process.back !== null }).toEqual({
            fault: fault.name,
            api: process.index,
            recovered: true,
          });
          // Only 200 and 503: never a 500, never no answer.
          expect([...process.statuses].filter((status) => status !== 200 && status !== 503)).toEqual([]);
        }
      }
      expect({ fault: fault.name, firstWriteAfter: firstWrite !== undefined }).toEqual({
        fault: fault.name,
        firstWriteAfter: true,
      });
      lines.push(
        `${fault.name}: fault ${fault.restoredAt - fault.injectedAt} ms; first 2xx write through the proxy ${firstWrite!.doneAt - fault.injectedAt} ms after; ready again per process ${perProcess.map((process) => `api${process.index} ${process.back === null ? 'never' : `${process.back} ms`}`).join(', ')}`,
      );
    }
    // Refusals during the faults are outages (503, 502 from the proxy for a killed process, no
    // answer), never a 500 nor a 401 that would sign the user out.
    const windows = faults.map((fault, index) => ({
      name: fault.name,
      from: fault.injectedAt,
      to: faults[index + 1]?.injectedAt ?? Infinity,
    }));
    const refusedByFault = windows.map((window) => {
      const counts: Record<string, number> = {};
      for (const attempt of attempts)
        if (!ok(attempt.status) && attempt.sentAt >= window.from && attempt.sentAt < window.to)
          counts[`${attempt.kind} ${attempt.status}`] = (counts[`${attempt.kind} ${attempt.status}`] ?? 0) + 1;
      return `${window.name}: ${JSON.stringify(counts)}`;
    });
    console.log(`refused requests by fault window:\n${refusedByFault.join('\n')}`);
    const unexpected = attempts
      .filter((attempt) => !ok(attempt.status) && ![0, 409, 502, 503].includes(attempt.status))
      .map((attempt) => `${attempt.kind} ${attempt.status} at +${attempt.sentAt - loadStart} ms`);
    const logged = apis
      .flatMap((api) => api?.output().match(/.{0,1200}unhandled error.{0,100}/g) ?? [])
      .filter((line) => !line.includes('"status":503'));
    expect({ unexpected, logged: unexpected.length > 0 ? logged : [] }).toEqual({ unexpected: [], logged: [] });
    const served = attempts.filter((attempt) => ok(attempt.status)).length;
    const refused = attempts.filter((attempt) => !ok(attempt.status));
    const byStatus = refused.reduce<Record<string, number>>(
      (counts, attempt) => ({ ...counts, [attempt.status]: (counts[attempt.status] ?? 0) + 1 }),
      {},
    );
    console.log(
      [
        `scale-out: 3 API + 2 worker processes behind HAProxy, load ${Math.round((loadEnd - loadStart) / 1000)} s`,
        ...lines,
        `requests through the proxy: ${attempts.length} (${served} 2xx; refused ${JSON.stringify(byStatus)}; 0 = no answer)`,
        `writes verified: ${votes.length} votes (${[...ballots.values()].reduce((sum, ballot) => sum + ballot.changes.filter((change) => change.status === 200).length, 0)} acknowledged changes), ${storedCases.length} cases, ${agendaAdds.filter((add) => add.status === 201).length} agenda items added, ${removed.size} removed; audit leaves ${report.leavesVerified}`,
        `reminders: ${reminderIds.length} due, ${inApp.length} in-app + ${email.length} e-mail deliveries, ${mails.length} e-mails received (${mails.length - reminderIds.length} resends by Message-ID)`,
        `screens: ${SCREENS}, ${reconnects} reconnects with Last-Event-ID, ${resets} resets, head ${head}`,
      ].join('\n'),
    );
  }, 300_000);
});
