import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AccessRepository } from './access.repository';

/** What a request needs of its user: the principal and the token version its JWT must carry. */
export interface CachedPrincipal {
  principal: AuthenticatedUser;
  tokenVersion: number;
}

/** The channel prisma/sql/access-cache.sql notifies with a user id when a user or membership changes. */
export const PRINCIPALS_CHANNEL = 'consilium_principals';
/** A cached principal is re-read after this long even if no change was announced (a backstop only). */
const PRINCIPAL_TTL_MS = 60_000;
const MAX_PRINCIPALS = 10_000;
const MAX_BOARD_ENTRIES = 100_000;
const RECONNECT_MAX_MS = 30_000;

/**
 * The two lookups every authenticated request with an id made before it did any work, kept in
 * memory so that a request costs its own queries only:
 *
 * - Principals (roles, boards, token version, active). PostgreSQL announces every change to a
 *   user or a board membership at commit (prisma/sql/access-cache.sql, LISTEN/NOTIFY), and each
 *   instance drops that user's entry when it hears it: deactivation, "log out everywhere", a
 *   password change or a membership change take effect on every instance as soon as they commit.
 *   Nothing is cached unless the listening connection is up; when it drops, everything cached is
 *   forgotten and lookups go to the database until it is back. A read that raced a change (it
 *   began before the change's notification arrived) is used but not kept.
 * - The boards of objects whose board never changes (a database trigger refuses the change):
 *   cases, meetings, recommendations, treatment events, audit events, boards. Only found objects
 *   are kept; an unknown id is asked again.
 */
@Injectable()
export class AccessCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AccessCache.name);
  private readonly principals = new Map<string, { value: CachedPrincipal; expiresAt: number }>();
  private readonly boards = new Map<string, string[]>();
  /** Bumped by every announced change and every loss of the listening connection. */
  private epoch = 0;
  private listener: Client | null = null;
  private listening = false;
  private closing = false;
  private reconnectDelayMs = 500;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: AccessRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.forgetAll();
    await this.listener?.end().catch(() => undefined);
  }

  /** Whether principals are being cached (the listening connection is up). */
  get active(): boolean {
    return this.listening;
  }

  /** The principal of `userId`, from memory when it is known and no change was announced since. */
  async principal(userId: string, load: () => Promise<CachedPrincipal | null>): Promise<CachedPrincipal | null> {
    const cached = this.principals.get(userId);
    if (cached && cached.expiresAt > Date.now()) return cached.value;
    const epoch = this.epoch;
    const loaded = await load();
    if (loaded && this.listening && epoch === this.epoch) {
      this.principals.delete(userId);
      this.principals.set(userId, { value: loaded, expiresAt: Date.now() + PRINCIPAL_TTL_MS });
      if (this.principals.size > MAX_PRINCIPALS) this.principals.delete(this.principals.keys().next().value as string);
    } else if (!loaded) {
      this.principals.delete(userId);
    }
    return loaded;
  }

  /** The boards of an object whose board never changes; `load` asks the database. */
  async boardsOf(kind: string, id: string, load: () => Promise<string[]>): Promise<string[]> {
    const key = `${kind}:${id}`;
    const cached = this.boards.get(key);
    if (cached) return cached;
    const loaded = await load();
    if (loaded.length > 0) {
      this.boards.set(key, loaded);
      if (this.boards.size > MAX_BOARD_ENTRIES) this.boards.delete(this.boards.keys().next().value as string);
    }
    return loaded;
  }

  /** Drops a user's cached principal (on a change announced by the database). */
  private forgetPrincipal(userId: string): void {
    this.epoch += 1;
    this.principals.delete(userId);
  }

  private forgetAll(): void {
    this.epoch += 1;
    this.listening = false;
    this.principals.clear();
  }

  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      connectionTimeoutMillis: 5_000,
      application_name: `consilium-${this.config.serviceInstance}-listen`,
    });
    const lost = (reason: string): void => {
      if (this.listener !== client) return;
      this.listener = null;
      this.forgetAll();
      client.removeAllListeners();
      void client.end().catch(() => undefined);
      if (this.closing) return;
      this.logger.warn(
        `principal change feed lost (${reason}); caching paused, reconnecting in ${this.reconnectDelayMs} ms`,
      );
      this.reconnectTimer = setTimeout(() => void this.listen(), this.reconnectDelayMs);
      this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, RECONNECT_MAX_MS);
    };
    this.listener = client;
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('connection ended'));
    client.on('notification', (message) => {
      if (message.payload) this.forgetPrincipal(message.payload);
    });
    try {
      await client.connect();
      await this.repository.listen(client, PRINCIPALS_CHANNEL);
      if (this.listener !== client || this.closing) return;
      this.listening = true;
      this.reconnectDelayMs = 500;
    } catch (error) {
      lost(error instanceof Error ? error.message : String(error));
    }
  }
}
