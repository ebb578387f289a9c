import type { Prisma } from '@prisma/client';
import type { CaseFacts } from '@consilium/pathway';

/** Pathway vocabulary (kebab/clinical spelling) <-> database enums, one table per field. */
const TABLES = {
  mutation: { 'wild-type': 'WILD_TYPE', mutant: 'MUTANT', unknown: 'UNKNOWN' },
  braf: { V600E: 'V600E', other: 'OTHER', 'wild-type': 'WILD_TYPE', unknown: 'UNKNOWN' },
  mmr: { pMMR: 'PMMR', dMMR: 'DMMR', unknown: 'UNKNOWN' },
  her2: { positive: 'POSITIVE', negative: 'NEGATIVE', unknown: 'UNKNOWN' },
  dpd: { normal: 'NORMAL', 'partial-deficiency': 'PARTIAL_DEFICIENCY', 'complete-deficiency': 'COMPLETE_DEFICIENCY', unknown: 'UNKNOWN' },
  site: { liver: 'LIVER', lung: 'LUNG', peritoneum: 'PERITONEUM', 'distant-nodes': 'DISTANT_NODES', bone: 'BONE', other: 'OTHER' },
  resectability: { resectable: 'RESECTABLE', 'potentially-resectable': 'POTENTIALLY_RESECTABLE', unresectable: 'UNRESECTABLE' },
} as const;

function invert<T extends Record<string, string>>(table: T): { [K in T[keyof T]]: Extract<keyof T, string> } {
  return Object.fromEntries(Object.entries(table).map(([key, value]) => [value, key])) as { [K in T[keyof T]]: Extract<keyof T, string> };
}
const FROM_DB = {
  mutation: invert(TABLES.mutation),
  braf: invert(TABLES.braf),
  mmr: invert(TABLES.mmr),
  her2: invert(TABLES.her2),
  dpd: invert(TABLES.dpd),
  site: invert(TABLES.site),
  resectability: invert(TABLES.resectability),
};

export const caseWithFacts = {
  metastases: { orderBy: { position: 'asc' } },
  patient: { select: { birthDate: true } },
} satisfies Prisma.CaseInclude;
export type CaseWithFacts = Prisma.CaseGetPayload<{ include: typeof caseWithFacts }>;

/** Whole years between a birth date and a reference instant (UTC calendar). */
export function ageInYears(birthDate: Date, at: Date): number {
  let age = at.getUTCFullYear() - birthDate.getUTCFullYear();
  const beforeBirthday = at.getUTCMonth() < birthDate.getUTCMonth() || (at.getUTCMonth() === birthDate.getUTCMonth() && at.getUTCDate() < birthDate.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

/** The case's facts in the pathway's shape (age from the birth date at referral). */
export function toPathwayFacts(row: CaseWithFacts): CaseFacts {
  return {
    tCategory: row.tCategory,
    nCategory: row.nCategory,
    mCategory: row.mCategory,
    distanceFromAnalVergeCm: row.distanceFromAnalVergeCm === null ? null : Number(row.distanceFromAnalVergeCm),
    mesorectalFasciaThreatened: row.mesorectalFasciaThreatened,
    metastases: row.metastases.map((metastasis) => ({
      site: FROM_DB.site[metastasis.site],
      count: metastasis.count,
      resectability: metastasis.resectability ? FROM_DB.resectability[metastasis.resectability] : null,
    })),
    ageYears: ageInYears(row.patient.birthDate, row.referredAt),
    ecog: row.ecog as CaseFacts['ecog'],
    fitForIntensiveTreatment: row.fitForIntensiveTreatment,
    comorbidities: row.comorbidities,
    creatinineClearanceMlMin: row.creatinineClearanceMlMin,
    preferences: { declinesMajorSurgery: row.declinesMajorSurgery, declinesRadiotherapy: row.declinesRadiotherapy, notes: row.preferenceNotes },
    symptoms: { bleeding: row.symptomBleeding, obstruction: row.symptomObstruction, pain: row.symptomPain },
    biomarkers: {
      kras: FROM_DB.mutation[row.kras],
      krasVariant: row.krasVariant,
      nras: FROM_DB.mutation[row.nras],
      braf: FROM_DB.braf[row.braf],
      mmr: FROM_DB.mmr[row.mmr],
      her2: FROM_DB.her2[row.her2],
      dpd: FROM_DB.dpd[row.dpd],
    },
  };
}

/** Validated pathway facts -> the case's columns (age is not stored: it comes from the patient). */
export function toCaseColumns(facts: CaseFacts): Omit<Prisma.CaseUncheckedUpdateInput, 'metastases'> {
  return {
    tCategory: facts.tCategory,
    nCategory: facts.nCategory,
    mCategory: facts.mCategory,
    distanceFromAnalVergeCm: facts.distanceFromAnalVergeCm,
    mesorectalFasciaThreatened: facts.mesorectalFasciaThreatened,
    ecog: facts.ecog,
    fitForIntensiveTreatment: facts.fitForIntensiveTreatment,
    comorbidities: facts.comorbidities,
    creatinineClearanceMlMin: facts.creatinineClearanceMlMin === null ? null : Math.round(facts.creatinineClearanceMlMin),
    declinesMajorSurgery: facts.preferences.declinesMajorSurgery,
    declinesRadiotherapy: facts.preferences.declinesRadiotherapy,
    preferenceNotes: facts.preferences.notes,
    symptomBleeding: facts.symptoms.bleeding,
    symptomObstruction: facts.symptoms.obstruction,
    symptomPain: facts.symptoms.pain,
    kras: TABLES.mutation[facts.biomarkers.kras],
    krasVariant: facts.biomarkers.krasVariant,
    nras: TABLES.mutation[facts.biomarkers.nras],
    braf: TABLES.braf[facts.biomarkers.braf],
    mmr: TABLES.mmr[facts.biomarkers.mmr],
    her2: TABLES.her2[facts.biomarkers.her2],
    dpd: TABLES.dpd[facts.biomarkers.dpd],
  };
}

export function toMetastasisRows(facts: CaseFacts): Prisma.MetastasisCreateManyCaseInput[] {
  return facts.metastases.map((metastasis, position) => ({
    position,
    site: TABLES.site[metastasis.site],
    count: metastasis.count,
    resectability: metastasis.resectability ? TABLES.resectability[metastasis.resectability] : null,
  }));
}
