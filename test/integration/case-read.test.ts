import { PrismaService } from '@consilium/db';
import { CaseReadRepository } from '../../apps/api/src/cases/case-read.repository';
import { caseDetail } from '../../apps/api/src/cases/case-lifecycle.service';
import { toPathwayFacts } from '../../apps/api/src/cases/case-facts.mapper';
import { readinessOf } from '../../apps/api/src/cases/readiness';
import { seedDemo } from '../../prisma/seed';
import { testConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

describe(CaseReadRepository.name, () => {
  let database: TestDatabase;
  let prisma: PrismaService;

  beforeAll(async () => {
    database = await createTestDatabase('caseread');
    prisma = new PrismaService(testConfig({ DATABASE_URL: database.url }));
    await seedDemo(prisma);
  });
  afterAll(async () => {
    await prisma?.onModuleDestroy();
    await database?.drop();
  });

  it('reads exactly what the ORM include reads, for every demo case', async () => {
    const repository = new CaseReadRepository(prisma);
    const cases = await prisma.case.findMany({ include: caseDetail });
    expect(cases).toHaveLength(5);
    for (const expected of cases) {
      const actual = await repository.findDetail(expected.id);
      expect(actual).not.toBeNull();
      expect(toPathwayFacts(actual!)).toEqual(toPathwayFacts(expected));
      expect(readinessOf(actual!)).toEqual(readinessOf(expected));
      expect(actual!.patient.birthDate.toISOString()).toBe(expected.patient.birthDate.toISOString());
      expect(actual!.lastImagingDate?.toISOString() ?? null).toBe(expected.lastImagingDate?.toISOString() ?? null);
      expect({ reference: actual!.reference, status: actual!.status, version: actual!.version, mrn: actual!.patient.mrn }).toEqual({
        reference: expected.reference,
        status: expected.status,
        version: expected.version,
        mrn: expected.patient.mrn,
      });
    }
    expect(await repository.findDetail('00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
