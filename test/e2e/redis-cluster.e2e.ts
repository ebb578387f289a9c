import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Specialty } from '@prisma/client';
import type { Cluster } from 'ioredis';
import { addDays, type IsoDate } from '@consilium/pathway';
import { QueueName, hashTag, queuePrefix } from '@consilium/jobs';
import { LOGIN_LIMITS, LoginLimiter } from '../../apps/api/src/auth/login-limiter';
import { DEMO_BOARD_NAME, seedDemo } from '../../prisma/seed';
import { call, login } from '../support/auth';
import { apiClient, demoLogin, expectStatus, type Schemas } from '../support/stack';
import { scratchCheckpointDir, testConfig } from '../support/config';
import { openStream } from '../support/event-stream';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { PrivateRedisCluster } from '../support/redis-cluster';
import { freePort } from '../support/redis-server';
import { spawnApi, spawnWorker, stopProcess, type ApiProcess, type WorkerProcess } from '../support/worker';
import { SmtpSink, eventually } from '../reminders/smtp-sink';

const QUORUM = ['surgeon', 'oncologist', 'radiotherapist', 'radiologist', 'pathologist'] as const;
const SPECIALTY: Record<(typeof QUORUM)[number], Specialty> = {
  surgeon: 'COLORECTAL_SURGERY',
  oncologist: 'MEDICAL_ONCOLOGY',
  radiotherapist: 'RADIATION_ONCOLOGY',
  radiologist: 'RADIOLOGY',
  pathologist: 'PATHOLOGY',
};
const today = (): IsoDate => new Date().toISOString().slice(0, 10);

/** A rectal stage II cancer: no pathway applies, so the board authors the plan and its dated follow-up. */
const RECTAL_STAGE_II = {
  primary: {
    siteCode: 'C20',
    topographyCode: 'C20.9',
    morphologyCode: '8140/3',
    histologyText: 'adenocarcinoma',
    laterality: null,
    diagnosisDate: '2026-11-01',
  },
  staging: {
    edition: 'UICC-8',
    clinical: { t: 'T3', n: 'N0', m: 'M0', afterTherapy: false },
    pathological: null,
    stageGroup: 'IIA',
  },
  metastases: [],
  condition: {
    ecog: 0,
    fitForIntensiveTreatment: true,
    comorbidities: [],
    creatinineClearanceMlMin: 92,
    preferences: { declinesMajorSurgery: false, declinesRadiotherapy: false, notes: null },
    symptoms: [],
    symptomNotes: null,
  },
  biomarkers: [{ marker: 'MMR', result: 'pMMR', variant: null, method: 'IHC', date: null }],
} satisfies Schemas['CaseCoreInput'];

/** Every key of the cluster, from every master (a cluster's SCAN covers one node only). */
async function allKeys(cluster: Cluster): Promise<{ key: string; node: string }[]> {
  const found: { key: string; node: string }[] = [];
  for (const node of cluster.nodes('master')) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) found.push({ key, node: `${node.options.host}:${node.options.port}` });
    } while (cursor !== '0');
  }
  return found;
}

/**
 * Issue 16, Redis Cluster: the built API (two processes) and worker against a real 3-master
 * Redis Cluster started for this file. A sign-off's follow-up reminder comes due and is
 * delivered in-app and by e-mail (BullMQ on the cluster); every change taken through one API
 * process reaches a meeting screen held by the other (pub/sub on the cluster); queue keys stay
 * on their hash-tagged slot; the login limiter's script runs and its limits hold.
 */
describe('on a 3-master Redis Cluster: reminders, live meeting events, key slots and login limits', () => {
  const cluster = new PrivateRedisCluster();
  const prefix = `cluster-${randomUUID().slice(0, 8)}`;
  let admin: Cluster;
  let database: TestDatabase;
  let prisma: PrismaClient;
  let smtp: SmtpSink;
  let worker: WorkerProcess | undefined;
  const apis: ApiProcess[] = [];
  let startedMs = 0;
  let untaggedWarning = false;

  beforeAll(async () => {
    const started = Date.now();
    [database] = await Promise.all([createTestDatabase('redis_cluster'), cluster.start(3)]);
    admin = cluster.client();
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    await seedDemo(prisma);
    // No digest noise from the demo meetings.
    await prisma.meeting.updateMany({ data: { status: 'CANCELLED' } });
    smtp = new SmtpSink();
    await smtp.start();
    const env = {
      DATABASE_URL: database.url,
      REDIS_CLUSTER_NODES: cluster.nodes,
      REDIS_PREFIX: prefix,
      SMTP_PORT: String(smtp.port),
      AUDIT_CHECKPOINT_DIR: scratchCheckpointDir(),
    };
    // A queue left from before the hash tag (an upgraded deployment): the worker names it.
    await admin.hset(`${prefix}:${QueueName.Reminders}:meta`, 'opts.maxLenEvents', '10000');
    worker = spawnWorker({ ...env, SERVICE_INSTANCE: `${prefix}-worker` });
    const [portA, portB] = [await freePort(), await freePort()];
    apis.push(
      ...(await Promise.all([
        spawnApi({ ...env, PORT: String(portA), SERVICE_INSTANCE: `${prefix}-api-a` }),
        spawnApi({ ...env, PORT: String(portB), SERVICE_INSTANCE: `${prefix}-api-b` }),
      ])),
    );
    await eventually(
      async () => worker!.output().includes('consilium-worker ready') || worker!.child.exitCode !== null,
      30_000,
      'the worker',
    ).catch(() => undefined);
    if (!worker.output().includes('consilium-worker ready'))
      throw new Error(`the worker did not start (exit ${worker.child.exitCode}):\n${worker.output()}`);
    untaggedWarning =
      /queue \\?"reminders\\?" has keys under the old prefix/.test(worker.output()) &&
      worker.output().includes(`--pattern '${prefix}:reminders:*'`);
    await admin.del(`${prefix}:${QueueName.Reminders}:meta`);
    startedMs = Date.now() - started;
    console.log(`redis cluster: 3 masters, 2 API processes and a worker up in ${startedMs} ms`);
  });

  afterAll(async () => {
    if (process.env.DEBUG_LOG)
      console.log(`worker output:\n${worker?.output()}\nAPI output:\n${apis.map((api) => api.output()).join('\n')}`);
    await Promise.allSettled([
      ...apis.map((api) => stopProcess(api.child)),
      ...(worker ? [stopProcess(worker.child)] : []),
    ]);
    admin?.disconnect();
    await smtp?.stop();
    await prisma?.$disconnect();
    await cluster.stop();
    await database?.drop();
  });

  it('names a queue left under the untagged prefix of an older version when the worker starts', () => {
    expect(untaggedWarning).toBe(true);
  });

  it('answers ready on both API processes with the cluster as its Redis', async () => {
    for (const api of apis) {
      const ready = await fetch(`${api.url}/health/ready`);
      expect({ url: api.url, status: ready.status }).toEqual({ url: api.url, status: 200 });
      expect(((await ready.json()) as { details: { redis: { status: string } } }).details.redis.status).toBe('up');
    }
  });

  it('delivers a signed-off follow-up in-app and by e-mail, and every change made through API B reaches the stream held by API A', async () => {
    const [apiA, apiB] = apis as [ApiProcess, ApiProcess];
    const boardId = (await prisma.board.findUniqueOrThrow({ where: { name: DEMO_BOARD_NAME } })).id;
    const users = new Map((await prisma.user.findMany()).map((user) => [user.email.split('@')[0]!, user.id]));
    const coordinator = (await login(apiA.url, ...demoLogin('coordinator'))).accessToken;
    const tokens = Object.fromEntries(
      await Promise.all(
        QUORUM.map(async (name) => [name, (await login(apiB.url, ...demoLogin(name))).accessToken] as const),
      ),
    );

    const asCoordinator = apiClient(apiA.url, coordinator);
    const patient = await expectStatus(
      asCoordinator.post('/patients', {
        body: {
          mrn: `RC-${randomUUID().slice(0, 8)}`,
          givenName: 'Cluster',
          familyName: 'Slotwise',
          birthDate: '1958-02-03',
          sex: 'MALE',
        },
      }),
      201,
    );
    const created = await asCoordinator.post('/cases', {
      body: {
        patientId: patient.id,
        boardId,
        questionForBoard: 'Sequence?',
        lastImagingDate: '2026-11-10',
        core: RECTAL_STAGE_II,
        pathwayFacts: null,
      },
    });
    expect({ status: created.status, body: created.status === 201 ? null : created.body }).toEqual({
      status: 201,
      body: null,
    });
    const caseId = created.body.id;
    expect(
      (await call(apiA.url, 'POST', `/cases/${caseId}/status`, { token: coordinator, body: { status: 'READY' } }))
        .status,
    ).toBe(200);
    const [draft] = await expectStatus(
      asCoordinator.get('/cases/{id}/recommendations', { params: { path: { id: caseId } } }),
    );
    const meeting = await prisma.meeting.create({
      data: {
        boardId,
        title: `Cluster MDT ${randomUUID().slice(0, 6)}`,
        startsAt: new Date(Date.now() - 5 * 60_000),
        chairId: users.get('oncologist')!,
        requiredSpecialties: QUORUM.map((name) => SPECIALTY[name]),
      },
    });
    expect(
      (await call(apiA.url, 'POST', `/meetings/${meeting.id}/agenda`, { token: coordinator, body: { caseId } })).status,
    ).toBe(201);
    for (const name of QUORUM)
      expect(
        (
          await call(apiA.url, 'POST', `/meetings/${meeting.id}/attendance`, {
            token: coordinator,
            body: { userId: users.get(name) },
          })
        ).status,
      ).toBe(200);

    // The meeting screen on API A; every change below goes through API B.
    const stream = await openStream(apiA.url, meeting.id, coordinator);
    await stream.waitFor('ready');
    const current = await call(apiB.url, 'GET', `/recommendations/${draft!.id}`, { token: tokens.oncologist });
    const boardPlan = {
      intent: 'curative',
      modalities: ['radiotherapy', 'surgery'],
      regimens: [{ code: 'SCRT_5X5', text: null }],
      steps: [
        { modality: 'radiotherapy', description: 'Short-course RT 5x5 Gy' },
        { modality: 'surgery', description: 'TME' },
      ],
      milestones: [
        { key: 'mri-restaging', label: 'Restaging MRI', dueDate: addDays(today(), -1) },
        { key: 'surgical-review', label: 'Surgical review', dueDate: addDays(today(), 30) },
      ],
      notes: null,
    };
    const proposed = await call(apiB.url, 'PUT', `/recommendations/${draft!.id}/proposal`, {
      token: tokens.oncologist,
      body: { meetingId: meeting.id, intent: 'curative', rationale: 'Board consensus', boardPlan },
      headers: { 'if-match': current.headers.get('etag')! },
    });
    expect({ status: proposed.status, body: proposed.status === 200 ? null : proposed.body }).toEqual({
      status: 200,
      body: null,
    });
    const latencies: number[] = [];
    for (const name of QUORUM) {
      const castAt = Date.now();
      expect(
        (
          await call(apiB.url, 'POST', `/recommendations/${draft!.id}/votes`, {
            token: tokens[name],
            body: { choice: 'APPROVE' },
          })
        ).status,
      ).toBe(201);
      await eventually(
        async () => stream.events.filter((event) => event.type === 'tally').length >= latencies.length + 1,
        2_000,
        `tally ${latencies.length + 1} on API A`,
      );
      latencies.push(stream.events.filter((event) => event.type === 'tally')[latencies.length]!.at - castAt);
    }
    const signed = await call(apiB.url, 'POST', `/recommendations/${draft!.id}/sign-off`, {
      token: tokens.oncologist,
      body: {},
    });
    expect({ status: signed.status, body: signed.status === 200 ? null : signed.body }).toEqual({
      status: 200,
      body: null,
    });
    await stream.waitFor('sign-off', 2_000);
    stream.close();
    expect(stream.events.filter((event) => event.type === 'tally').map((event) => event.data)).toEqual(
      QUORUM.map(() => ({ kind: 'tally', meetingId: meeting.id, recommendationId: draft!.id, round: 1 })),
    );
    console.log(
      `redis cluster: 5 votes on API B seen on API A's stream after ${latencies.join(', ')} ms (each including the vote request)`,
    );

    // The dated follow-up (due yesterday): outbox -> worker -> BullMQ on the cluster -> in-app, then e-mail.
    const reminder = await eventually(
      async () => prisma.reminder.findFirst({ where: { recommendationId: draft!.id, status: 'DELIVERED' } }),
      30_000,
      'the follow-up delivered',
    );
    expect(reminder.milestoneCode).toMatch(/^BOARD_/);
    const deliveries = await prisma.delivery.findMany({ where: { reminderId: reminder.id } });
    const channels = new Set(deliveries.map((delivery) => delivery.channel));
    expect(channels).toEqual(new Set(['IN_APP', 'EMAIL']));
    const emails = deliveries.filter((delivery) => delivery.channel === 'EMAIL');
    const reference = (await prisma.case.findUniqueOrThrow({ where: { id: caseId } })).reference;
    await eventually(
      async () => smtp.received.filter((mail) => mail.subject.includes(reference)).length >= emails.length,
      10_000,
      'the follow-up e-mails',
    );
    expect(smtp.received.filter((mail) => mail.subject.includes(reference))).toHaveLength(emails.length);
    expect(await prisma.notification.count({ where: { reminderId: reminder.id } })).toBe(
      deliveries.filter((delivery) => delivery.channel === 'IN_APP').length,
    );
  });

  it('keeps every queue key under the {prefix} hash tag on one slot, and no key of the deployment outside its prefix', async () => {
    const keys = await allKeys(admin);
    const queueKeys = keys.filter(({ key }) => key.startsWith(`${queuePrefix(prefix)}:`));
    // The worker's queue exists (its BullMQ bookkeeping): reminders are claimed from PostgreSQL, not
    // queued as jobs, since issue 17, so its keys are the queue's own, and they too must share the tag.
    for (const queue of Object.values(QueueName))
      expect(queueKeys.filter(({ key }) => key.startsWith(`${queuePrefix(prefix)}:${queue}:`)).length).toBeGreaterThan(
        0,
      );
    const tagSlot = await admin.cluster('KEYSLOT', queuePrefix(prefix));
    const slots = new Set(await Promise.all(queueKeys.map(({ key }) => admin.cluster('KEYSLOT', key))));
    expect([...slots]).toEqual([tagSlot]);
    expect(new Set(queueKeys.map(({ node }) => node)).size).toBe(1);
    // Every key is the deployment's: the queue tag, the login tag, or the plain prefix (single-key values).
    const strays = keys.filter(
      ({ key }) =>
        ![`${queuePrefix(prefix)}:`, `${hashTag(`${prefix}:login`)}:`, `${prefix}:`].some((start) =>
          key.startsWith(start),
        ),
    );
    expect(strays).toEqual([]);
    // BullMQ's own keys never escaped the tag (an untagged "<prefix>:<queue>:" key would be a split queue).
    expect(
      keys.filter(({ key }) => Object.values(QueueName).some((queue) => key.startsWith(`${prefix}:${queue}:`))),
    ).toEqual([]);
  });

  it('runs the login limiter script on the cluster: 5 free failures, then the pair waits; the address limit spans accounts', async () => {
    const client = cluster.client();
    try {
      const limiter = new LoginLimiter(client, testConfig({ REDIS_PREFIX: `${prefix}-limits` }));
      const address = '198.51.100.7';
      const outcomes = [];
      for (let attempt = 0; attempt < LOGIN_LIMITS.freeFailures + 2; attempt += 1)
        outcomes.push(await limiter.begin('someone@consilium.demo', address));
      expect(outcomes.slice(0, LOGIN_LIMITS.freeFailures + 1).map((outcome) => outcome.allowed)).toEqual(
        Array(LOGIN_LIMITS.freeFailures + 1).fill(true),
      );
      expect(outcomes[LOGIN_LIMITS.freeFailures + 1]).toEqual({
        allowed: false,
        limit: 'pair',
        retryAfterSeconds: 1,
        firstRefusal: true,
      });

      // The address count still adds up over other accounts (keys that are one slot now, as they were one Redis).
      const spread = [];
      for (let account = 0; spread.length < LOGIN_LIMITS.perAddress; account += 1)
        spread.push(await limiter.begin(`account-${account}@consilium.demo`, '198.51.100.8'));
      expect(spread.every((outcome) => outcome.allowed)).toBe(true);
      expect(await limiter.begin('fresh@consilium.demo', '198.51.100.8')).toMatchObject({
        allowed: false,
        limit: 'address',
      });

      // A success refunds its charge: the pair starts afresh.
      const charged = await limiter.begin('refund@consilium.demo', '198.51.100.9');
      if (!charged.allowed) throw new Error('first attempt refused');
      await limiter.succeeded(charged);
      const loginKeys = (await allKeys(client)).filter(({ key }) =>
        key.startsWith(`${hashTag(`${prefix}-limits:login`)}:`),
      );
      expect(loginKeys.length).toBeGreaterThan(3);
      expect(new Set(await Promise.all(loginKeys.map(({ key }) => client.cluster('KEYSLOT', key)))).size).toBe(1);
    } finally {
      client.disconnect();
    }

    // And over HTTP on an API process: the sixth wrong password in a row is the last one answered 401.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LOGIN_LIMITS.freeFailures + 2; attempt += 1) {
      statuses.push(
        (
          await fetch(`${apis[0]!.url}/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: 'surgeon@consilium.demo', password: 'wrong-password-123' }),
          })
        ).status,
      );
    }
    expect(statuses).toEqual([...Array(LOGIN_LIMITS.freeFailures + 1).fill(401), 429]);
  });

  it('refuses to start a worker while any master may evict keys', async () => {
    const [, second] = admin.nodes('master');
    await second!.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const refused = spawnWorker({
        DATABASE_URL: database.url,
        REDIS_CLUSTER_NODES: cluster.nodes,
        REDIS_PREFIX: prefix,
        SERVICE_INSTANCE: `${prefix}-refused`,
        AUDIT_CHECKPOINT_DIR: scratchCheckpointDir(),
      });
      const code = await new Promise<number | null>((resolve) => refused.child.once('exit', resolve));
      expect(code).not.toBe(0);
      expect(refused.output()).toContain('maxmemory-policy is "allkeys-lru"');
    } finally {
      await second!.config('SET', 'maxmemory-policy', 'noeviction');
    }
  });

  it('goes unready while a master is down and ready again by itself once it is back; reminders due meanwhile are delivered', async () => {
    const readiness = async (): Promise<number[]> =>
      Promise.all(apis.map(async (api) => (await fetch(`${api.url}/health/ready`)).status));
    const killedAt = Date.now();
    await cluster.kill(1);
    await eventually(
      async () => (await readiness()).every((status) => status === 503),
      15_000,
      '503 from both API processes',
    );
    const unreadyMs = Date.now() - killedAt;
    const restartedAt = Date.now();
    await cluster.restart(1);
    await eventually(
      async () => (await readiness()).every((status) => status === 200),
      20_000,
      '200 again from both API processes',
    );
    const readyMs = Date.now() - restartedAt;
    console.log(
      `redis cluster: a master SIGKILLed -> both APIs 503 after ${unreadyMs} ms; restarted (empty) -> 200 after ${readyMs} ms`,
    );
    // A reminder made due now is delivered once the cluster serves again, whichever master lost its data.
    const scheduled = await prisma.reminder.findFirstOrThrow({
      where: { status: 'SCHEDULED', dueAt: { gt: new Date(Date.now() + 3_600_000) } },
      orderBy: { dueAt: 'asc' },
    });
    await prisma.$executeRaw`UPDATE reminders SET due_at = now() - interval '1 minute', version = version + 1 WHERE id = ${scheduled.id}::uuid`;
    await eventually(
      async () => (await prisma.reminder.findUniqueOrThrow({ where: { id: scheduled.id } })).status === 'DELIVERED',
      30_000,
      'the reminder due after the restart',
    );
  });

  it('stops the API processes and the worker on SIGTERM with exit 0 (their cluster clients closed)', async () => {
    const processes = [...apis.map((api, index) => ({ name: `api-${index}`, ...api })), { name: 'worker', ...worker! }];
    // Well within SHUTDOWN_TIMEOUT_MS (25 s), the worker too, although its idle BullMQ worker was in
    // its blocking read on the cluster when the master restarted above (issue 17; see
    // RemindersProcessor.onModuleDestroy and test/e2e/worker-close-cluster.e2e.ts).
    const stoppedMs = await Promise.all(
      processes.map(async ({ child }) => {
        const at = Date.now();
        await stopProcess(child, 24_000);
        return Date.now() - at;
      }),
    );
    console.log(
      `redis cluster: SIGTERM to exit ${processes.map(({ name }, index) => `${name} ${stoppedMs[index]} ms`).join(', ')}`,
    );
    // Named, with the output of any that did not exit 0 by itself (SIGKILLed after 24 s).
    expect(
      processes.map(({ name, child, output }) => ({
        name,
        exit: child.exitCode,
        signal: child.signalCode,
        output: child.exitCode === 0 ? '' : output().slice(-2_000),
      })),
    ).toEqual(processes.map(({ name }) => ({ name, exit: 0, signal: null, output: '' })));
  });
});
