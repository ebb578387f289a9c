/**
 * Benchmark: the edge input policy (apps/api/src/common/input-policy.ts) walks every request body
 * and query once, before the guards. Its cost on a typical case intake body, against a baseline
 * measured in the same run: JSON.parse of the same body (work every JSON request already pays).
 */
import { inputProblems } from '../apps/api/src/common/input-policy';
import { measure } from './support/micro';
import { comparePair } from './support/pair';

const body = {
  patientId: '0b7c1f3e-2f7a-4e55-9d1e-1a2b3c4d5e6f',
  boardId: '5d0c2b9a-8e1f-4a3b-9c7d-2e4f6a8b0c1d',
  questionForBoard: 'Resectable liver metastases: surgery first or chemotherapy first?',
  facts: {
    tCategory: 'T3',
    nCategory: 'N1',
    mCategory: 'M1a',
    distanceFromAnalVergeCm: 8,
    mesorectalFasciaThreatened: false,
    metastases: [
      { site: 'liver', count: 3, resectability: 'resectable' },
      { site: 'lung', count: 1, resectability: 'unresectable' },
    ],
    ageYears: 61,
    ecog: 1,
    comorbidities: ['hypertension', 'type 2 diabetes'],
    creatinineClearanceMlMin: 85,
    preferences: { declinesMajorSurgery: false, declinesRadiotherapy: false, notes: null },
    symptoms: { bleeding: true, obstruction: false, pain: false },
    biomarkers: {
      kras: 'mutant',
      krasVariant: 'G12D',
      nras: 'wild-type',
      braf: 'wild-type',
      mmr: 'pMMR',
      her2: 'negative',
      dpd: 'normal',
    },
  },
};
const text = JSON.stringify(body);
let sink = 0;

async function main(): Promise<void> {
  await comparePair(
    'input policy on a case intake body / JSON.parse of the same body, µs per body (lower is better)',
    'µs/op',
    () => ({ value: measure(() => (sink += inputProblems(body, '').length), 60, 2000, 20_000) }),
    () => ({ value: measure(() => (sink += (JSON.parse(text) as { facts: object }).facts ? 1 : 0), 60, 2000, 20_000) }),
  );
  if (sink === 0) console.log('(unreachable: keeps the work observable)');
}

void main();
