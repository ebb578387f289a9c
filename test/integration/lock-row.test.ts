import { randomUUID } from 'node:crypto';
import { lockRow, PrismaService } from '@consilium/db';
import { seedDemo } from '../../prisma/seed';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

/** The lock a transaction holds is seen by another one trying the same row with NOWAIT. */
async function lockedByAnother(prisma: PrismaService, table: string, id: string, strength: string): Promise<boolean> {
  try {
    await prisma.sql.query(`SELECT id FROM ${table} WHERE id = $1::uuid FOR ${strength} NOWAIT`, [id]);
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return true; // lock_not_available
    throw error;
  }
}

describe(lockRow.name, () => {
  let database: TestDatabase;
  let prisma: PrismaService;
  let caseId: string;

  beforeAll(async () => {
    database = await createTestDatabase('lockrow');
    prisma = new PrismaService(testConfig({ DATABASE_URL: database.url }));
    await seedDemo(prisma);
    caseId = (await prisma.case.findFirstOrThrow({ select: { id: true } })).id;
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('holds the row until the transaction ends, and says whether it exists', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const transaction = prisma.$transaction(async (tx) => {
      expect(await lockRow(tx, 'cases', caseId, 'NO KEY UPDATE')).toBe(true);
      expect(await lockRow(tx, 'cases', randomUUID(), 'NO KEY UPDATE')).toBe(false);
      locked();
      await held;
    });
    await isLocked;
    expect(await lockedByAnother(prisma, 'cases', caseId, 'NO KEY UPDATE')).toBe(true);
    // NO KEY UPDATE leaves the key-share lock that a referencing insert takes free.
    expect(await lockedByAnother(prisma, 'cases', caseId, 'KEY SHARE')).toBe(false);
    release();
    await transaction;
    expect(await lockedByAnother(prisma, 'cases', caseId, 'NO KEY UPDATE')).toBe(false);
  });

  it('FOR UPDATE blocks the key-share lock too', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const transaction = prisma.$transaction(async (tx) => {
      await lockRow(tx, 'cases', caseId, 'UPDATE');
      locked();
      await held;
    });
    await isLocked;
    expect(await lockedByAnother(prisma, 'cases', caseId, 'KEY SHARE')).toBe(true);
    release();
    await transaction;
  });
});
