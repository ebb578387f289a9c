import { Injectable } from '@nestjs/common';
import { PrismaService } from '@consilium/db';

/** The answer to the readiness probe's statement. */
export interface PingRow {
  ok: number;
}

/** The readiness probe's statement (Prisma's tagged template, so through Prisma's own pool). */
@Injectable()
export class HealthRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Resolves when PostgreSQL answers a trivial statement through Prisma; rejects otherwise. */
  async ping(): Promise<void> {
    await this.prisma.$queryRaw<PingRow[]>`SELECT 1 AS ok`;
  }
}
