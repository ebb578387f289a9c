import { Injectable, NotFoundException } from '@nestjs/common';
import type { Prisma, Role, Specialty } from '@prisma/client';
import { changedFields, type AuditActor } from '@consilium/audit';
import { PrismaService } from '@consilium/db';
import { AuditRecorder } from '../audit/audit-recorder.service';
import { hashPassword } from '../auth/password.hasher';
import { passwordProblems } from '../auth/password-policy';
import { TokenService } from '../auth/token.service';
import { FieldValidationException, type FieldProblem } from '../common/problem';
import type { CreateUserDto, UpdateUserDto, UserDto } from './dto/user.dto';

const userSelect = {
  id: true,
  email: true,
  displayName: true,
  roles: true,
  specialty: true,
  active: true,
  allBoardsAccess: true,
  createdAt: true,
  memberships: { select: { boardId: true } },
} satisfies Prisma.UserSelect;
type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

function toDto(row: UserRow): UserDto {
  const { memberships, ...rest } = row;
  return { ...rest, boardIds: memberships.map((membership) => membership.boardId) };
}

/** Rules that tie fields together: clinicians need a specialty; only auditors/admins see all boards. */
function roleProblems(
  roles: readonly Role[],
  specialty: Specialty | null | undefined,
  allBoardsAccess: boolean | undefined,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (roles.includes('CLINICIAN') && !specialty)
    problems.push({ field: 'specialty', message: 'specialty is required for clinicians (quorum counts specialties)' });
  if (allBoardsAccess && !roles.some((role) => role === 'AUDITOR' || role === 'ADMIN')) {
    problems.push({ field: 'allBoardsAccess', message: 'allBoardsAccess may only be granted to auditors and admins' });
  }
  return problems;
}

/** User administration (ADMIN). Every change is one transaction with its audit event. */
@Injectable()
export class UsersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditRecorder,
    private readonly tokens: TokenService,
  ) {}

  async list(): Promise<UserDto[]> {
    return (await this.prisma.user.findMany({ select: userSelect, orderBy: { email: 'asc' } })).map(toDto);
  }

  async get(id: string): Promise<UserDto> {
    const row = await this.prisma.user.findUnique({ where: { id }, select: userSelect });
    if (!row) throw new NotFoundException('user not found');
    return toDto(row);
  }

  async create(input: CreateUserDto, actor: AuditActor): Promise<UserDto> {
    const email = input.email.trim().toLowerCase();
    const problems = [
      ...passwordProblems(input.password, { email }).map((message) => ({ field: 'password', message })),
      ...roleProblems(input.roles, input.specialty, input.allBoardsAccess),
    ];
    if (problems.length > 0) throw new FieldValidationException(problems);
    const passwordHash = await hashPassword(input.password);
    return this.prisma.$transaction(async (tx) => {
      if (input.boardIds?.length) {
        const found = await tx.board.count({ where: { id: { in: input.boardIds } } });
        if (found !== new Set(input.boardIds).size)
          throw new FieldValidationException([{ field: 'boardIds', message: 'boardIds contains an unknown board' }]);
      }
      const row = await tx.user.create({
        data: {
          email,
          displayName: input.displayName,
          roles: input.roles,
          specialty: input.specialty ?? null,
          passwordHash,
          allBoardsAccess: input.allBoardsAccess ?? false,
          memberships: input.boardIds?.length
            ? { create: [...new Set(input.boardIds)].map((boardId) => ({ boardId })) }
            : undefined,
        },
        select: userSelect,
      });
      await this.audit.record(tx, {
        action: 'C',
        type: 'user.create',
        actor,
        entity: { type: 'user', id: row.id },
        detail: {
          roles: row.roles,
          specialty: row.specialty,
          allBoardsAccess: row.allBoardsAccess,
          boardIds: input.boardIds ?? [],
        },
      });
      return toDto(row);
    });
  }

  async update(id: string, input: UpdateUserDto, actor: AuditActor): Promise<UserDto> {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.user.findUnique({ where: { id }, select: userSelect });
      if (!before) throw new NotFoundException('user not found');
      const roles = input.roles ?? before.roles;
      const specialty = input.specialty === undefined ? before.specialty : input.specialty;
      const allBoardsAccess = input.allBoardsAccess ?? before.allBoardsAccess;
      const problems = roleProblems(roles, specialty, allBoardsAccess);
      if (problems.length > 0) throw new FieldValidationException(problems);
      if (input.active === false && before.active) await this.tokens.revokeAllSessions(tx, id);
      const after = await tx.user.update({
        where: { id },
        data: { displayName: input.displayName, roles, specialty, allBoardsAccess, active: input.active },
        select: userSelect,
      });
      const pick = (row: UserRow) => ({
        displayName: row.displayName,
        roles: row.roles,
        specialty: row.specialty,
        allBoardsAccess: row.allBoardsAccess,
        active: row.active,
      });
      await this.audit.record(tx, {
        action: 'U',
        type: input.active === false && before.active ? 'user.deactivate' : 'user.update',
        actor,
        entity: { type: 'user', id },
        changes: changedFields(pick(before), pick(after)),
      });
      return toDto(after);
    });
  }

  /** Ends every session of the user (lost device, suspected compromise). */
  async revokeSessions(id: string, actor: AuditActor): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      if (!(await tx.user.findUnique({ where: { id }, select: { id: true } })))
        throw new NotFoundException('user not found');
      await this.tokens.revokeAllSessions(tx, id);
      await this.audit.record(tx, { action: 'E', type: 'user.revoke-sessions', actor, entity: { type: 'user', id } });
    });
  }
}
