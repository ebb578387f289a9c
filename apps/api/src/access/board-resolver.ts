import { Injectable } from '@nestjs/common';
import { AccessCache } from './access-cache';
import { AccessRepository } from './access.repository';
import type { OwnedKind, ScopedKind } from './scoped-by.decorator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For each kind of object: the boards it belongs to (empty when it does not exist). */
@Injectable()
export class BoardResolver {
  constructor(
    private readonly repository: AccessRepository,
    private readonly cache: AccessCache,
  ) {}

  /** The kinds this resolver knows; the route test takes a fixture for each. */
  static readonly kinds: readonly ScopedKind[] = [
    'board',
    'patient',
    'case',
    'meeting',
    'recommendation',
    'auditEvent',
    'treatmentEvent',
    'reminder',
  ];

  /** The kinds of user-owned objects this resolver knows. */
  static readonly ownedKinds: readonly OwnedKind[] = ['notification'];

  /** The owner of a user-owned object (null when it does not exist). */
  async ownerOf(kind: OwnedKind, id: string): Promise<string | null> {
    if (!UUID.test(id)) return null;
    return (await this.repository.ownerOf(kind, id))?.user_id ?? null;
  }

  /** One indexed statement per check (AccessRepository): this runs on every request with an id. */
  async boardsOf(kind: ScopedKind, id: string): Promise<string[]> {
    if (!UUID.test(id)) return [];
    const load = async (): Promise<string[]> => {
      const rows = await this.repository.boardsOf(kind, id);
      return rows.map((row) => row.board_id).filter((boardId): boardId is string => boardId !== null);
    };
    return FIXED_BOARD.has(kind) ? this.cache.boardsOf(kind, id, load) : load();
  }
}

/**
 * Kinds whose board never changes (database triggers refuse the change, prisma/sql/access-cache.sql;
 * audit events are append-only): their board is remembered. A patient's boards grow with their
 * cases and a reminder's case or meeting is not pinned, so those are always asked.
 */
const FIXED_BOARD: ReadonlySet<ScopedKind> = new Set<ScopedKind>([
  'board',
  'case',
  'meeting',
  'recommendation',
  'treatmentEvent',
  'auditEvent',
]);
