import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Strong ETags of versioned records (any change bumps the version). The prefix tells the kinds
 * apart: "v" for cases and recommendations, "m" for meetings (whose agenda and attendance bump
 * the meeting's version too).
 */
export type EtagPrefix = 'v' | 'm';

export function etagOf(version: number, prefix: EtagPrefix = 'v'): string {
  return `"${prefix}${version}"`;
}

/**
 * Reads If-Match: missing -> 428 (updates must say which version they change), unparseable or
 * different from the current version -> 412 (someone else changed it first). `noun` names
 * what is edited in the messages ('case', 'recommendation', 'meeting').
 */
export function expectedVersion(ifMatch: string | undefined, noun: string, prefix: EtagPrefix = 'v'): number {
  if (!ifMatch) {
    throw new HttpException(
      { message: `If-Match is required: send the ETag of the ${noun} version you edited` },
      HttpStatus.PRECONDITION_REQUIRED,
    );
  }
  const match = new RegExp(`^(?:W/)?"${prefix}(\\d+)"$`).exec(ifMatch.trim());
  if (!match)
    throw new HttpException(
      { message: `If-Match does not name a version of this ${noun}` },
      HttpStatus.PRECONDITION_FAILED,
    );
  return Number(match[1]);
}

export function staleVersion(current: number, noun: string, prefix: EtagPrefix = 'v'): HttpException {
  return new HttpException(
    {
      message: `the ${noun} was changed by someone else (now ${etagOf(current, prefix)}); reload it and apply your edit again`,
      currentEtag: etagOf(current, prefix),
    },
    HttpStatus.PRECONDITION_FAILED,
  );
}
