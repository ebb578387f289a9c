import { HttpStatus, Injectable, NotFoundException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemOf, sendProblem } from './problem-details.filter';
import { FieldValidationException, type FieldProblem } from './problem';

/** Deeper JSON than any request of this API needs; deeper input is refused before anything walks it recursively. */
export const MAX_DEPTH = 32;
/** Every integer column is int4: a number beyond it is refused here, not by PostgreSQL as a 500. */
const INT32_MAX = 2 ** 31 - 1;
/** class-transformer skips these keys silently: an unknown field must be refused, not dropped. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_PROBLEMS = 20;
/** With the u flag a surrogate pair is one code point: only lone surrogates match. */
const LONE_SURROGATE = /\p{Surrogate}/u;

function textProblem(field: string, text: string): string | undefined {
  if (text.includes('\u0000')) return `${field} must not contain a NUL character`;
  if (LONE_SURROGATE.test(text)) return `${field} must be well-formed Unicode (it holds a lone surrogate)`;
  return undefined;
}

/**
 * Everything in a parsed body or query that no field of this API accepts, whatever its DTO:
 * nesting deeper than MAX_DEPTH, NUL characters and lone surrogates (PostgreSQL text holds
 * neither), numbers beyond int32, reserved keys. Walks iteratively, so no input can overflow the stack.
 */
export function inputProblems(value: unknown, root: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pending: Array<{ value: unknown; field: string; depth: number }> = [{ value, field: root, depth: 0 }];
  for (let next = pending.pop(); next && problems.length < MAX_PROBLEMS; next = pending.pop()) {
    const { value: current, field, depth } = next;
    const name = field || 'body';
    if (typeof current === 'string') {
      const message = textProblem(name, current);
      if (message) problems.push({ field: name, message });
    } else if (typeof current === 'number') {
      if (!Number.isFinite(current) || Math.abs(current) > INT32_MAX)
        problems.push({ field: name, message: `${name} must be between ${-INT32_MAX} and ${INT32_MAX}` });
    } else if (current !== null && typeof current === 'object') {
      if (depth >= MAX_DEPTH) {
        problems.push({ field: name, message: `${name} nests deeper than ${MAX_DEPTH} levels` });
        continue;
      }
      for (const [key, child] of Object.entries(current)) {
        const childField = field ? `${field}.${key}` : key;
        const keyMessage = RESERVED_KEYS.has(key)
          ? `${childField} is not a known field`
          : textProblem(`the field name ${JSON.stringify(childField)}`, key);
        if (keyMessage) problems.push({ field: childField, message: keyMessage });
        else pending.push({ value: child, field: childField, depth: depth + 1 });
      }
    }
  }
  return problems;
}

/**
 * The edge policy for what no route accepts, as a Fastify preValidation hook: it runs before
 * Nest's guards and strategies, so the anonymous routes (login reads its body in a guard) are
 * covered too. JSON is UTF-8 (RFC 8259): another declared charset is refused (415).
 */
export async function refuseHostileInput(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const charset = /;\s*charset="?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (request.body !== undefined && charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    sendProblem(
      request,
      reply,
      problemOf(
        new FieldValidationException(
          [{ field: 'content-type', message: 'JSON bodies must be UTF-8' }],
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        ),
      ),
    );
    return reply;
  }
  const problems = [...inputProblems(request.body, ''), ...inputProblems(request.query, '')];
  if (problems.length === 0) return undefined;
  sendProblem(request, reply, problemOf(new FieldValidationException(problems)));
  return reply;
}

/**
 * The edge policy that needs the route's parameters, one global pipe ahead of the
 * ValidationPipe (after the guards: an anonymous caller still gets 401, an outsider 404): a
 * body bound to a DTO must be a JSON object (null is not "no change"); an id in the path that
 * is not a UUID is not found, like a missing one, on every route.
 */
@Injectable()
export class InputPolicyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'param') {
      const text = String(value);
      if (textProblem('id', text) || (/^(id|\w+Id)$/.test(metadata.data ?? '') && !UUID.test(text)))
        throw new NotFoundException('not found');
      return value;
    }
    if (
      metadata.type === 'body' &&
      isDto(metadata.metatype) &&
      (value === null || typeof value !== 'object' || Array.isArray(value))
    ) {
      throw new FieldValidationException([{ field: 'body', message: 'the body must be a JSON object' }]);
    }
    return value;
  }
}

/** A class of our own (a DTO), as opposed to Object, String, Array... of an untyped parameter. */
function isDto(metatype: ArgumentMetadata['metatype']): boolean {
  return typeof metatype === 'function' && ![Object, String, Number, Boolean, Array].includes(metatype as never);
}
