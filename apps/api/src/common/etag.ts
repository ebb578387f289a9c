import { HttpException, HttpStatus } from '@nestjs/common';

/** The ETag of a version of a case or recommendation (strong: any change bumps the version). */
export function etagOf(version: number): string {
  return `"v${version}"`;
}

/**
 * Reads If-Match: missing -> 428 (updates must say which version they change), unparseable or
 * different from the current version -> 412 (someone else changed it first). `noun` names
 * what is edited in the messages ('case', 'recommendation').
 */
export function expectedVersion(ifMatch: string | undefined, noun: string): number {
  if (!ifMatch) {
    throw new HttpException({ message: 'If-Match is required: send the ETag of the version you edited' }, HttpStatus.PRECONDITION_REQUIRED);
  }
  const match = /^(?:W\/)?"v(\d+)"$/.exec(ifMatch.trim());
  if (!match) throw new HttpException({ message: `If-Match does not name a version of this ${noun}` }, HttpStatus.PRECONDITION_FAILED);
  return Number(match[1]);
}

export function staleVersion(current: number, noun: string): HttpException {
  return new HttpException(
    { message: `the ${noun} was changed by someone else (now ${etagOf(current)}); reload it and apply your edit again`, currentEtag: etagOf(current) },
    HttpStatus.PRECONDITION_FAILED,
  );
}
