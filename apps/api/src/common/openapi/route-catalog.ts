import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, SSE_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { Role } from '@prisma/client';
import {
  OWNED_BY_KEY,
  SCOPED_BY_KEY,
  type OwnedByMetadata,
  type ScopedByMetadata,
} from '../../access/scoped-by.decorator';
import { ROLES_KEY } from '../../auth/auth.decorators';
import { IS_PUBLIC_KEY } from '../public.decorator';

export interface RouteInfo {
  readonly method: string;
  /** e.g. /cases/:id */
  readonly path: string;
  readonly isPublic: boolean;
  readonly roles: readonly Role[];
  readonly scope: ScopedByMetadata | undefined;
  readonly owned: OwnedByMetadata | undefined;
  readonly params: readonly string[];
  /** A server-sent-events stream: it never ends by itself, so callers read only its head. */
  readonly stream: boolean;
}

function join(...parts: (string | string[] | undefined)[]): string {
  const segments = parts
    .flatMap((part) => (Array.isArray(part) ? part.slice(0, 1) : [part]))
    .filter((part): part is string => !!part && part !== '/');
  return `/${segments
    .map((segment) => segment.replace(/^\/|\/$/g, ''))
    .filter(Boolean)
    .join('/')}`;
}

/** Every route the app's controllers register, with its access metadata (read from Nest itself). */
export function routeCatalog(app: INestApplication): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined;
      const classPublic = Reflect.getMetadata(IS_PUBLIC_KEY, controller) === true;
      const classRoles = (Reflect.getMetadata(ROLES_KEY, controller) as Role[] | undefined) ?? [];
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const fullPath = join(base, path);
        routes.push({
          method: RequestMethod[method],
          path: fullPath,
          isPublic: classPublic || Reflect.getMetadata(IS_PUBLIC_KEY, handler) === true,
          roles: (Reflect.getMetadata(ROLES_KEY, handler) as Role[] | undefined) ?? classRoles,
          scope: Reflect.getMetadata(SCOPED_BY_KEY, handler) as ScopedByMetadata | undefined,
          owned: Reflect.getMetadata(OWNED_BY_KEY, handler) as OwnedByMetadata | undefined,
          params: [...fullPath.matchAll(/:([A-Za-z]+)/g)].flatMap((match) => match[1] ?? []),
          stream: Reflect.getMetadata(SSE_METADATA, handler) === true,
        });
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}
