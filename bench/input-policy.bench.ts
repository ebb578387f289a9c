/**
 * Benchmark: the edge input policy (apps/api/src/common/input-policy.ts) walks every request body
 * and query once, before the guards. Its cost on a typical case intake body, against a baseline
 * measured in the same run: JSON.parse of the same body (work every JSON request already pays).
 */
import { loadavg } from 'node:os';
import { inputProblems } from '../apps/api/src/common/input-policy';
import { measure } from './support/micro';

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
    biomarkers: { kras: 'mutant', krasVariant: 'G12D', nras: 'wild-type', braf: 'wild-type', mmr: 'pMMR', her2: 'negative', dpd: 'normal' },
  },
};
const text = JSON.stringify(body);
const loadAtStart = loadavg()[0] ?? 0;
let sink = 0;

const runs: { ours: number; baseline: number }[] = [];
for (let run = 0; run < 3; run++) {
  const ours = measure(() => (sink += inputProblems(body, '').length), 60, 2000, 20_000);
  const baseline = measure(() => (sink += (JSON.parse(text) as { facts: object }).facts ? 1 : 0), 60, 2000, 20_000);
  runs.push({ ours, baseline });
  console.log(`run ${run + 1}: input policy ${ours.toFixed(2)} µs per case body; baseline JSON.parse ${baseline.toFixed(2)} µs; ratio ${(ours / baseline).toFixed(2)}`);
}
const ratios = runs.map((run) => run.ours / run.baseline).sort((a, b) => a - b);
console.log(`input policy / JSON.parse: median ratio ${ratios[1]!.toFixed(2)} (spread ${ratios[0]!.toFixed(2)}-${ratios[2]!.toFixed(2)}); load average at start ${loadAtStart.toFixed(2)}`);
if (sink === 0) console.log('(unreachable: keeps the work observable)');
