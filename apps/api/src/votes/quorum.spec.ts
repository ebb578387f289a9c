import type { Specialty } from '@prisma/client';
import { quorumOf, type QuorumAttendee } from './quorum';

const at = (specialty: Specialty | null, leftAt: Date | null = null): QuorumAttendee => ({ specialty, leftAt });
const BOARD: Specialty[] = ['COLORECTAL_SURGERY', 'MEDICAL_ONCOLOGY', 'RADIOLOGY'];

describe(quorumOf.name, () => {
  it.each<[string, Specialty[], QuorumAttendee[], Specialty[], Specialty[], boolean]>([
    ['nobody present', BOARD, [], [], BOARD, false],
    [
      'every required specialty present',
      BOARD,
      [at('RADIOLOGY'), at('COLORECTAL_SURGERY'), at('MEDICAL_ONCOLOGY')],
      BOARD,
      [],
      true,
    ],
    [
      'one missing',
      BOARD,
      [at('COLORECTAL_SURGERY'), at('MEDICAL_ONCOLOGY')],
      ['COLORECTAL_SURGERY', 'MEDICAL_ONCOLOGY'],
      ['RADIOLOGY'],
      false,
    ],
    [
      'two of one specialty do not replace another',
      BOARD,
      [at('RADIOLOGY'), at('RADIOLOGY'), at('MEDICAL_ONCOLOGY')],
      ['MEDICAL_ONCOLOGY', 'RADIOLOGY'],
      ['COLORECTAL_SURGERY'],
      false,
    ],
    [
      'extra specialties are listed as present but change nothing',
      ['MEDICAL_ONCOLOGY'],
      [at('MEDICAL_ONCOLOGY'), at('NURSING')],
      ['MEDICAL_ONCOLOGY', 'NURSING'],
      [],
      true,
    ],
    ['attendees without a specialty (coordinators) do not count', ['PATHOLOGY'], [at(null)], [], ['PATHOLOGY'], false],
    [
      'someone who left no longer counts',
      ['PATHOLOGY'],
      [at('PATHOLOGY', new Date('2026-01-01T10:00:00Z'))],
      [],
      ['PATHOLOGY'],
      false,
    ],
    ['no required specialty: quorate', [], [], [], [], true],
  ])('%s', (_name, required, attendees, present, missing, quorate) => {
    expect(quorumOf(required, attendees)).toEqual({
      requiredSpecialties: required,
      presentSpecialties: present,
      missingSpecialties: missing,
      quorate,
    });
  });

  it('reports specialties in a stable order whatever the check-in order', () => {
    const result = quorumOf(['RADIOLOGY', 'COLORECTAL_SURGERY'], [at('RADIOLOGY'), at('COLORECTAL_SURGERY')]);
    expect(result.requiredSpecialties).toEqual(['COLORECTAL_SURGERY', 'RADIOLOGY']);
    expect(result.presentSpecialties).toEqual(['COLORECTAL_SURGERY', 'RADIOLOGY']);
  });
});
