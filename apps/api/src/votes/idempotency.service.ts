import { createHash } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  HttpException,
  HttpStatus,
  Injectable,
  UnprocessableEntityException,
} from '@nestjs/common';
import { Prisma } from '@prisma/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PrismaService } from '@consilium/db';

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
}

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * A claim still unanswered after this long belongs to a request that will never answer: its
 * process was killed, or PostgreSQL went away before the claim could be released. A retry then
 * takes the claim over instead of being refused with 409 for ever.
 */
export const ABANDONED_CLAIM_MS = 30_000;

/**
 * Idempotency-Key handling (draft-ietf-httpapi-idempotency-key-header): the first request with a
 * key claims it; a retry with the same key and payload replays the stored answer; the same key
 * with another payload is 422; a retry while the first is still running is 409, and takes the
 * claim over once the first has been silent for ABANDONED_CLAIM_MS (its process died). The
 * operation must then recognise its own earlier, committed attempt (votes do, by their id).
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly prisma: PrismaService) {}

  async run<T>(
    userId: string,
    key: string | undefined,
    method: string,
    path: string,
    payload: unknown,
    execute: () => Promise<{ status: number; body: T }>,
  ): Promise<StoredResponse<T>> {
    if (key === undefined) return { ...(await execute()), replayed: false };
    if (!KEY_PATTERN.test(key)) throw new BadRequestException('Idempotency-Key must be 8-128 letters, digits or ._:-');
    const requestHash = createHash('sha256')
      .update(`${method} ${path} ${JSON.stringify(payload ?? null)}`)
      .digest('hex');
    try {
      await this.prisma.idempotencyRecord.create({ data: { userId, key, method, path, requestHash } });
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') throw error;
      const existing = await this.prisma.idempotencyRecord.findUniqueOrThrow({
        where: { userId_key: { userId, key } },
      });
      if (existing.requestHash !== requestHash)
        throw new UnprocessableEntityException('this Idempotency-Key was used with a different request');
      if (existing.responseStatus !== null)
        return { status: existing.responseStatus, body: existing.responseBody as T, replayed: true };
      if (!(await this.takeOver(userId, key, existing.createdAt)))
        throw new ConflictException('a request with this Idempotency-Key is still being processed');
    }
    try {
      const result = await execute();
      await this.store(userId, key, result.status, result.body);
      return { ...result, replayed: false };
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() < 500) {
        // A refusal is an answer too: the same request gets the same refusal.
        await this.store(userId, key, error.getStatus(), error.getResponse());
      } else {
        // Unexpected failure: release the key so the client can retry.
        await this.prisma.idempotencyRecord.delete({ where: { userId_key: { userId, key } } }).catch(() => undefined);
      }
      throw error;
    }
  }

  /**
   * `run` for a route: the key is scoped to the request's method and path, and the reply gets the
   * stored status, `Idempotent-Replayed: true` on a replay, and a replayed refusal as the same error.
   */
  async respond<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    key: string | undefined,
    payload: unknown,
    status: number,
    execute: () => Promise<T>,
  ): Promise<T> {
    const result = await this.run(userId, key, request.method, request.url.split('?')[0] ?? '', payload, async () => ({
      status,
      body: await execute(),
    }));
    if (result.replayed) {
      void reply.header('Idempotent-Replayed', 'true');
      if (result.status >= 400) throw replayedError(result.status, result.body);
    }
    void reply.status(result.status);
    return result.body;
  }

  /** Takes over an abandoned claim (one retry wins when several race). */
  private async takeOver(userId: string, key: string, claimedAt: Date): Promise<boolean> {
    if (Date.now() - claimedAt.getTime() < ABANDONED_CLAIM_MS) return false;
    const { count } = await this.prisma.idempotencyRecord.updateMany({
      where: { userId, key, responseStatus: null, createdAt: claimedAt },
      data: { createdAt: new Date() },
    });
    return count === 1;
  }

  private async store(userId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.prisma.idempotencyRecord.update({
      where: { userId_key: { userId, key } },
      data: { responseStatus: status, responseBody: (body ?? null) as Prisma.InputJsonValue },
    });
  }
}

/** Re-raises a stored refusal as the same HTTP answer. */
export function replayedError(status: number, body: unknown): HttpException {
  return new HttpException(body as Record<string, unknown>, status as HttpStatus);
}
