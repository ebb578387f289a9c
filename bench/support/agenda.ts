import type { Prisma, PrismaClient } from '@prisma/client';

/**
 * The read benches' meeting: the demo meeting's agenda replaced by `count` copies of the demo case
 * CRC-DEMO-0001, each for its own patient. Answers the source case (the case-read target).
 */
export async function seedBenchAgenda(prisma: PrismaClient, meetingId: string, count = 20) {
  const sourceCase = await prisma.case.findFirstOrThrow({ where: { reference: 'CRC-DEMO-0001' } });
  const { id: _id, reference: _r, patientId: _p, createdAt: _c, updatedAt: _u, ...rest } = sourceCase;
  await prisma.agendaItem.deleteMany({ where: { meetingId } });
  for (let index = 0; index < count; index += 1) {
    const patient = await prisma.patient.create({
      data: {
        mrn: `BENCH-${index}`,
        givenName: 'Bench',
        familyName: `Patient ${index}`,
        birthDate: new Date('1960-01-01'),
        sex: 'FEMALE',
      },
    });
    const row = await prisma.case.create({
      data: {
        ...rest,
        core: rest.core as Prisma.InputJsonValue,
        pathwayFacts: rest.pathwayFacts as Prisma.InputJsonValue,
        reportLinks: rest.reportLinks as Prisma.InputJsonValue,
        reference: `BENCH-${index}`,
        patientId: patient.id,
        status: 'SCHEDULED',
      },
    });
    await prisma.agendaItem.create({ data: { meetingId, caseId: row.id, position: index, minutesAllotted: 4 } });
  }
  return sourceCase;
}
