import { Injectable } from '@nestjs/common';
import type { Prisma, Role, Specialty } from '@prisma/client';
import { changedFields, type AuditActor } from '@consilium/audit';
import type { OidcProviderConfig } from '@consilium/config';
import type { Tx } from '@consilium/db';
import { AuditRecorder } from '../../audit/audit-recorder.service';
import { TokenService } from '../token.service';
import type { AssertedIdentity, GrantedAccess } from './oidc-claims';

/** Why a provider's sign-in gives no session (the audit's outcome description). */
export type ProvisionRefusal =
  | 'no role granted by the identity provider'
  | 'account deactivated'
  | 'no e-mail in the claims'
  | 'e-mail belongs to an account not linked to this identity'
  | 'clinician without a specialty';

export type ProvisionOutcome =
  | { kind: 'provisioned'; userId: string; roles: Role[]; created: boolean }
  | { kind: 'refused'; userId: string | null; reason: ProvisionRefusal };

const userSelect = {
  id: true,
  email: true,
  displayName: true,
  roles: true,
  specialty: true,
  active: true,
  allBoardsAccess: true,
  memberships: { select: { boardId: true } },
} satisfies Prisma.UserSelect;
type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

function snapshot(
  row: Pick<UserRow, 'displayName' | 'roles' | 'specialty' | 'allBoardsAccess'> & { boardIds: string[] },
): Record<string, unknown> {
  return {
    displayName: row.displayName,
    roles: row.roles,
    specialty: row.specialty,
    allBoardsAccess: row.allBoardsAccess,
    boardIds: [...row.boardIds].sort(),
  };
}

/**
 * Just-in-time provisioning from a provider's claims (issue 18), inside the caller's
 * transaction: finds the account linked to (issuer, subject), links or creates it on the first
 * sign-in, then makes its roles, specialty and board memberships those the claims grant, with a
 * `user.provision` audit row of what changed. A user granted nothing keeps the account but
 * loses every role, board and session.
 */
@Injectable()
export class OidcAccountsRepository {
  constructor(
    private readonly audit: AuditRecorder,
    private readonly tokens: TokenService,
  ) {}

  async provision(
    tx: Tx,
    provider: OidcProviderConfig,
    issuer: string,
    identity: AssertedIdentity,
    access: GrantedAccess,
    actor: AuditActor,
  ): Promise<ProvisionOutcome> {
    const link = await tx.userIdentity.findUnique({
      where: { issuer_subject: { issuer, subject: identity.subject } },
      select: { id: true, user: { select: userSelect } },
    });
    let user: UserRow | null = link?.user ?? null;
    const linked = link !== null;
    if (!user && identity.email) {
      const sameEmail = await tx.user.findUnique({ where: { email: identity.email }, select: userSelect });
      if (sameEmail) {
        // Only a provider trusted to vouch for e-mails may take over an existing account.
        if (!provider.linkByEmail || !identity.emailVerified)
          return {
            kind: 'refused',
            userId: sameEmail.id,
            reason: 'e-mail belongs to an account not linked to this identity',
          };
        user = sameEmail;
      }
    }
    if (user && !user.active) return { kind: 'refused', userId: user.id, reason: 'account deactivated' };

    const boards = access.boards.length
      ? await tx.board.findMany({ where: { name: { in: access.boards } }, select: { id: true, name: true } })
      : [];
    const boardIds = boards.map((board) => board.id);
    const unknownBoards = access.boards.filter((name) => !boards.some((board) => board.name === name));
    const specialty: Specialty | null =
      access.specialty ?? (access.roles.includes('CLINICIAN') ? (user?.specialty ?? null) : null);
    const detail = {
      provider: provider.id,
      matchedGroups: access.matchedGroups,
      matchedRoles: access.matchedRoles,
      ...(unknownBoards.length ? { unknownBoards } : {}),
    };

    if (!user) {
      if (access.roles.length === 0)
        return { kind: 'refused', userId: null, reason: 'no role granted by the identity provider' };
      if (!identity.email) return { kind: 'refused', userId: null, reason: 'no e-mail in the claims' };
      if (access.roles.includes('CLINICIAN') && !specialty)
        return { kind: 'refused', userId: null, reason: 'clinician without a specialty' };
      const created = await tx.user.create({
        data: {
          email: identity.email,
          displayName: identity.displayName,
          roles: access.roles,
          specialty,
          passwordHash: null,
          memberships: boardIds.length ? { create: boardIds.map((boardId) => ({ boardId })) } : undefined,
          identities: { create: { provider: provider.id, issuer, subject: identity.subject } },
        },
        select: { id: true },
      });
      await this.audit.record(tx, {
        action: 'C',
        type: 'user.provision',
        actor: { ...actor, userId: created.id, roles: access.roles },
        entity: { type: 'user', id: created.id },
        detail: { ...detail, roles: access.roles, specialty, boardIds },
      });
      return { kind: 'provisioned', userId: created.id, roles: access.roles, created: true };
    }

    const newlyLinked = !linked;
    if (newlyLinked) {
      await tx.userIdentity.create({
        data: { userId: user.id, provider: provider.id, issuer, subject: identity.subject },
      });
    } else {
      await tx.userIdentity.update({
        where: { issuer_subject: { issuer, subject: identity.subject } },
        data: { lastLoginAt: new Date() },
      });
    }
    if (access.roles.includes('CLINICIAN') && !specialty)
      return { kind: 'refused', userId: user.id, reason: 'clinician without a specialty' };

    const roles = access.roles;
    const before = snapshot({ ...user, boardIds: user.memberships.map((membership) => membership.boardId) });
    const allBoardsAccess = user.allBoardsAccess && roles.some((role) => role === 'AUDITOR' || role === 'ADMIN');
    const after = snapshot({
      displayName: identity.displayName,
      roles,
      specialty: roles.length ? specialty : null,
      allBoardsAccess,
      boardIds,
    });
    const changes = changedFields(before, after);
    if (Object.keys(changes).length > 0 || newlyLinked) {
      const current = new Set(user.memberships.map((membership) => membership.boardId));
      await tx.boardMember.deleteMany({ where: { userId: user.id, boardId: { notIn: boardIds } } });
      const added = boardIds.filter((boardId) => !current.has(boardId));
      if (added.length)
        await tx.boardMember.createMany({ data: added.map((boardId) => ({ boardId, userId: user.id })) });
      await tx.user.update({
        where: { id: user.id },
        data: {
          displayName: after.displayName as string,
          roles,
          specialty: after.specialty as Specialty | null,
          allBoardsAccess,
        },
      });
      // Granted nothing: every session ends now, not at its next refresh.
      if (roles.length === 0) await this.tokens.revokeAllSessions(tx, user.id);
      await this.audit.record(tx, {
        action: 'U',
        type: 'user.provision',
        actor: { ...actor, userId: user.id, roles },
        entity: { type: 'user', id: user.id },
        changes,
        // Linking an existing account to a provider's identity is a change of its own.
        detail: newlyLinked
          ? { ...detail, linkedIdentity: { provider: provider.id, issuer, subject: identity.subject } }
          : detail,
      });
    }
    if (roles.length === 0)
      return { kind: 'refused', userId: user.id, reason: 'no role granted by the identity provider' };
    return { kind: 'provisioned', userId: user.id, roles, created: false };
  }
}
