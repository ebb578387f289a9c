import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { Cluster } from 'ioredis';
import { REDIS_CLIENT, type RedisConnection } from '@consilium/jobs';
import { AuditService } from '../audit/audit.service';
import { Public } from '../common/public.decorator';
import { HealthRepository } from './health.repository';

const CHECK_TIMEOUT_MS = 2_000;

/** Liveness and readiness probes. Public: load balancers and orchestrators call them unauthenticated. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly repository: HealthRepository,
    @Inject(REDIS_CLIENT) private readonly redis: RedisConnection,
    private readonly audit: AuditService,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (does not check dependencies)' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary:
      'PostgreSQL and Redis answer; 503 otherwise. Also reported (never failing it): audit sealing lag and the checkpoint witnesses (answering, backlog, lag, last error)',
  })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database(),
      () => this.cache(),
      () => this.auditSealing(),
      () => this.auditWitness(),
    ]);
  }

  private database(): PromiseLike<HealthIndicatorResult<'database'>> {
    return this.indicators
      .check('database')
      .attempt(() => this.repository.ping())
      .withTimeout(CHECK_TIMEOUT_MS);
  }

  /** Reported, not judged: how old the oldest unsealed audit event is (the worker seals every 500 ms). */
  private async auditSealing(): Promise<HealthIndicatorResult<'audit'>> {
    try {
      return this.indicators.check('audit').up(await this.audit.sealingLag());
    } catch {
      return this.indicators.check('audit').up({ oldestUnsealedSeconds: null });
    }
  }

  /** Reported, not judged: a failing witness must not take the API out of service (sealing goes on; the outbox retries). */
  private async auditWitness(): Promise<HealthIndicatorResult<'auditWitness'>> {
    try {
      const witness: Record<string, unknown> = { ...(await this.audit.witnessHealth()) };
      return this.indicators.check('auditWitness').up(witness);
    } catch {
      return this.indicators.check('auditWitness').up({ configured: null });
    }
  }

  private cache(): PromiseLike<HealthIndicatorResult<'redis'>> {
    return this.indicators
      .check('redis')
      .attempt(async () => {
        if (this.redis instanceof Cluster) {
          // Any node answers PING while the cluster cannot serve some slots (a master down):
          // ready only when the cluster itself says every slot is served.
          const info = await this.redis.cluster('INFO');
          if (!/^cluster_state:ok\s*$/m.test(info)) throw new Error('Redis Cluster state is not ok');
        } else {
          await this.redis.ping();
        }
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }
}
