import { randomUUID } from 'node:crypto';
import { PrismaService } from '@consilium/db';
import { OutboxTopic } from '@consilium/jobs';
import { OutboxRepository } from '../../apps/worker/src/outbox/outbox.repository';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

/** The outbox relay's statements against a real PostgreSQL (the relay's flows: reminders-delivery, reminders-chaos). */
describe(OutboxRepository.name, () => {
  let database: TestDatabase;
  let prisma: PrismaService;
  let outbox: OutboxRepository;

  const add = async (topic: string, payload: object = {}): Promise<bigint> =>
    (await prisma.outboxEvent.create({ data: { topic, aggregateType: 'test', aggregateId: randomUUID(), payload } }))
      .id;
  const row = (id: bigint) => prisma.outboxEvent.findUniqueOrThrow({ where: { id } });

  beforeAll(async () => {
    database = await createTestDatabase('outboxrepo');
    prisma = new PrismaService(testConfig({ DATABASE_URL: database.url }));
    outbox = new OutboxRepository(prisma);
  });
  afterEach(() => prisma.outboxEvent.deleteMany());
  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('claims unprocessed rows of the topics in id order, skips rows another relay holds, and marks them processed', async () => {
    const first = await add(OutboxTopic.RecommendationSignedOff, { recommendationId: 'r1' });
    const second = await add(OutboxTopic.TreatmentEventsChanged);
    const third = await add(OutboxTopic.TreatmentEventsChanged);
    await add(OutboxTopic.ReminderChanged);
    await prisma.outboxEvent.update({ where: { id: third }, data: { processedAt: new Date() } });

    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let claimed: () => void = () => undefined;
    const isClaimed = new Promise<void>((resolve) => (claimed = resolve));
    const holder = prisma.$transaction(async (tx) => {
      const rows = await outbox.claimDomainRows(
        tx,
        [OutboxTopic.RecommendationSignedOff, OutboxTopic.TreatmentEventsChanged],
        1,
      );
      expect(rows).toEqual([
        { id: first, topic: OutboxTopic.RecommendationSignedOff, payload: { recommendationId: 'r1' }, attempts: 0 },
      ]);
      claimed();
      await held;
    });
    await isClaimed;
    await prisma.$transaction(async (tx) => {
      const rows = await outbox.claimDomainRows(
        tx,
        [OutboxTopic.RecommendationSignedOff, OutboxTopic.TreatmentEventsChanged],
        10,
      );
      expect(rows.map((each) => each.id)).toEqual([second]);
      await outbox.markProcessed(tx, [second]);
    });
    release();
    await holder;
    expect(await row(second)).toMatchObject({ attempts: 1, processedAt: expect.any(Date) });
    expect(await row(first)).toMatchObject({ attempts: 0, processedAt: null });
  });

  it('records a failure: retried below the limit, set aside when giving up; a savepoint undoes one row only', async () => {
    const retried = await add(OutboxTopic.TreatmentEventsChanged);
    const abandoned = await add(OutboxTopic.TreatmentEventsChanged);
    const kept = await add(OutboxTopic.TreatmentEventsChanged);
    await prisma.$transaction(async (tx) => {
      await outbox.savepoint(tx, 'SAVEPOINT');
      await tx.outboxEvent.update({ where: { id: kept }, data: { lastError: 'kept' } });
      await outbox.savepoint(tx, 'RELEASE SAVEPOINT');
      await outbox.savepoint(tx, 'SAVEPOINT');
      await tx.outboxEvent.update({ where: { id: retried }, data: { lastError: 'undone' } });
      await outbox.savepoint(tx, 'ROLLBACK TO SAVEPOINT');
      await outbox.recordFailure(tx, retried, 'boom', false);
      await outbox.recordFailure(tx, abandoned, 'bang', true);
    });
    expect(await row(kept)).toMatchObject({ lastError: 'kept' });
    expect(await row(retried)).toMatchObject({ attempts: 1, lastError: 'boom', processedAt: null });
    expect(await row(abandoned)).toMatchObject({ attempts: 1, lastError: 'bang', processedAt: expect.any(Date) });
  });

  it('relays reminder changes in one transaction: committed when the relay succeeds, rolled back when it throws', async () => {
    const payload = { reminderId: randomUUID(), version: 2, dueAt: '2030-01-01T00:00:00.000Z' };
    const id = await add(OutboxTopic.ReminderChanged, payload);
    const other = await add(OutboxTopic.TreatmentEventsChanged);
    await expect(outbox.relayReminderChanges(10, () => Promise.reject(new Error('Redis down')))).rejects.toThrow(
      'Redis down',
    );
    expect(await row(id)).toMatchObject({ attempts: 0, processedAt: null });

    const seen: unknown[] = [];
    expect(await outbox.relayReminderChanges(10, async (rows) => void seen.push(...rows))).toBe(1);
    expect(seen).toEqual([{ payload }]);
    expect(await row(id)).toMatchObject({ attempts: 1, processedAt: expect.any(Date) });
    expect(await row(other)).toMatchObject({ processedAt: null });
    expect(await outbox.relayReminderChanges(10, async () => undefined)).toBe(0);
  });

  it('gives the age of the oldest unprocessed row of the topics, null when there is none', async () => {
    expect(await outbox.lag([OutboxTopic.ReminderChanged])).toEqual({ lag: null });
    const id = await add(OutboxTopic.ReminderChanged);
    await prisma.outboxEvent.update({ where: { id }, data: { createdAt: new Date(Date.now() - 5_000) } });
    const lag = (await outbox.lag([OutboxTopic.ReminderChanged]))?.lag;
    expect(lag).toBeGreaterThanOrEqual(4_900);
    expect(lag).toBeLessThan(60_000);
    expect(await outbox.lag([OutboxTopic.TreatmentEventsChanged])).toEqual({ lag: null });
  });
});
