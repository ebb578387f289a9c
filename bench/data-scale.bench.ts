/**
 * Data at a network's scale (issue 17). Seeds, with COPY, a regional network's accumulated data:
 * 20 boards, 50,000 cases (the case core JSON as the app stores it, templated on the demo seed's
 * cases), their agenda items, recommendations, votes and treatment events, 200,000 reminders and
 * 5 million audit events, and
 * prints the seeding time. Then each hot read of the API against the same query in bare SQL
 * (a bare Fastify + pg handler), autocannon at 20 connections, each pair three times interleaved
 * (bench/support/pair.ts), and the `EXPLAIN (ANALYZE, BUFFERS)` of every query the API issued for
 * it, flagging a sequential scan of a large table.
 *
 * Not part of a plain `npm run bench` (it takes minutes and gigabytes): run it with
 *   BENCH_SCALE=1 npm run bench            (every bench, this one included)
 *   npm run build && node scripts/bench.mjs data-scale
 * Sizes: BENCH_SCALE_CASES (50000), BENCH_SCALE_AUDIT_EVENTS, BENCH_SCALE_REMINDERS (200000);
 * BENCH_DURATION_S (5) per side and run. BENCH_SCALE_KEEP=1 keeps the seeded database (its name is
 * printed) to study plans with psql; drop it yourself afterwards. BENCH_SCALE_DATABASE=<name> measures
 * such a kept database again without seeding (it must be at the current schema).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { Client, Pool } from 'pg';
import { createApp } from '../apps/api/src/app.factory';
import { seedDemo } from '../prisma/seed';
import { csvRow, copyRows, pgArray } from './support/copy';
import {
  bareAgendaRoute,
  benchConfig,
  benchPrisma,
  createBenchDatabase,
  databaseUrl,
  fmt,
  REDIS_URL,
  runBench,
  throughputOf,
} from './support/load';
import { demoCredentials } from './support/demo-users';
import { comparePair } from './support/pair';
import { startAppProcess } from './support/processes';

function size(variable: string, fallback: number): number {
  const raw = process.env[variable];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${variable}: expected a positive integer, got ${raw}`);
  return value;
}

const BOARDS = 20;
const CASES = size('BENCH_SCALE_CASES', 50_000);
const AUDIT_EVENTS = size('BENCH_SCALE_AUDIT_EVENTS', 5_000_000);
const REMINDERS = size('BENCH_SCALE_REMINDERS', 200_000);
const CLINICIANS_PER_BOARD = 10;
const VOTES_PER_RECOMMENDATION = 5;
const CONNECTIONS = 20;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const PAGE = 50;
const DAY = 86_400_000;
const YEARS = 2;
/** A table with at least this many rows is "large": a Seq Scan of it on a hot path is flagged. */
const LARGE_TABLE_ROWS = 10_000;
const EXPLAIN_TIMEOUT_MS = 60_000;
/** A database a run kept (BENCH_SCALE_KEEP=1), measured again without seeding; at the current schema. */
const REUSED_DATABASE = process.env.BENCH_SCALE_DATABASE;
/** How long the worker runs on the seeded network before its RSS is read. */
const WORKER_SECONDS = 60;
const HOT_TABLES =
  /\b(cases|patients|agenda_items|meetings|recommendations|votes|treatment_events|reminders|audit_events|audit_event_subjects|audit_leaves)\b/;

// A seeded generator (mulberry32): the same network on every run.
let state = 0x2f6b_1a3d;
function random(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
const iso = (time: number): string => new Date(time).toISOString();
const isoDate = (time: number): string => new Date(time).toISOString().slice(0, 10);

const GIVEN = [
  'Anna',
  'Bruno',
  'Clara',
  'David',
  'Elena',
  'Felix',
  'Greta',
  'Hugo',
  'Ines',
  'Jonas',
  'Karin',
  'Lukas',
  'Maria',
  'Nils',
  'Olga',
  'Peter',
  'Rosa',
  'Stefan',
  'Tanja',
  'Ulrich',
];
const FAMILY = [
  'Lindqvist',
  'Bauer',
  'Moreau',
  'Rossi',
  'Novak',
  'Jansen',
  'Keller',
  'Fischer',
  'Dubois',
  'Costa',
  'Berg',
  'Horvath',
  'Kowalski',
  'Nielsen',
  'Romano',
  'Schmid',
  'Weber',
  'Vogel',
  'Wagner',
  'Zimmermann',
];
const SPECIALTIES = [
  'COLORECTAL_SURGERY',
  'HEPATOBILIARY_SURGERY',
  'MEDICAL_ONCOLOGY',
  'RADIATION_ONCOLOGY',
  'RADIOLOGY',
  'PATHOLOGY',
  'GASTROENTEROLOGY',
  'NURSING',
] as const;
const MILESTONES = ['SURGERY_TARGET', 'RESTAGING_MRI', 'ADJUVANT_START', 'CEA_FOLLOW_UP'];

interface Template {
  core: string;
  siteCode: string;
  pathwayId: string | null;
  pathwayFacts: string | null;
  question: string | null;
}
interface SeededCase {
  id: string;
  patientId: string;
  boardIndex: number;
  referredAt: number;
  recommendationId: string | null;
}
interface Network {
  boardIds: string[];
  clinicianIds: string[][];
  cases: SeededCase[];
  meetingIds: string[][];
  meetingStarts: number[];
}

/** Seeds the network with COPY; prints each table's time and the total. */
async function seedNetwork(url: string, client: Client, now: number): Promise<Network> {
  const timings: string[] = [];
  const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const began = performance.now();
    const result = await work();
    timings.push(`${label} ${fmt((performance.now() - began) / 1000, 1)} s`);
    return result;
  };
  const seedingStarted = performance.now();
  const start = now - YEARS * 365 * DAY;
  const span = now - start;

  // Templates: the demo cases' stored rows, so every core is one the app wrote.
  const templates: Template[] = (
    await client.query<{
      core: string;
      site_code: string;
      pathway_id: string | null;
      pathway_facts: string | null;
      question_for_board: string | null;
    }>(
      'SELECT core::text AS core, site_code, pathway_id, pathway_facts::text AS pathway_facts, question_for_board FROM cases ORDER BY reference',
    )
  ).rows.map((row) => ({
    core: row.core,
    siteCode: row.site_code,
    pathwayId: row.pathway_id,
    pathwayFacts: row.pathway_facts,
    question: row.question_for_board,
  }));
  if (templates.length === 0) throw new Error('the demo seed wrote no cases to template on');

  // Boards: the demo's boards and enough new ones to make BOARDS.
  const boardIds = (await client.query<{ id: string }>('SELECT id FROM boards ORDER BY name')).rows.map(
    (row) => row.id,
  );
  const newBoards = Array.from({ length: Math.max(0, BOARDS - boardIds.length) }, (_v, index) => ({
    id: randomUUID(),
    name: `Regional board ${index + 1}`,
    prefix: `RB${index + 1}`,
  }));
  const updated = iso(now);
  await timed('boards', () =>
    copyRows(
      url,
      'boards',
      ['id', 'name', 'description', 'required_specialties', 'case_reference_prefix', 'updated_at'],
      newBoards.map((board) =>
        csvRow([
          board.id,
          board.name,
          'data-scale bench',
          pgArray(['COLORECTAL_SURGERY', 'MEDICAL_ONCOLOGY', 'RADIOLOGY']),
          board.prefix,
          updated,
        ]),
      ),
    ),
  );
  boardIds.push(...newBoards.map((board) => board.id));

  // Clinicians, members of their board; the demo coordinator and auditor see every board.
  const clinicianIds = boardIds.map(() => Array.from({ length: CLINICIANS_PER_BOARD }, () => randomUUID()));
  await timed('users', async () => {
    await copyRows(
      url,
      'users',
      ['id', 'email', 'display_name', 'roles', 'specialty', 'updated_at'],
      clinicianIds.flatMap((ids, board) =>
        ids.map((id, index) =>
          csvRow([
            id,
            `clinician-${board}-${index}@scale.example`,
            `Dr. Scale ${board}-${index}`,
            pgArray(['CLINICIAN']),
            SPECIALTIES[index % SPECIALTIES.length]!,
            updated,
          ]),
        ),
      ),
    );
    await copyRows(
      url,
      'board_members',
      ['board_id', 'user_id'],
      clinicianIds.flatMap((ids, board) => ids.map((id) => csvRow([boardIds[board]!, id]))),
    );
    await client.query(
      `INSERT INTO board_members (board_id, user_id) SELECT b.id, u.id FROM boards b CROSS JOIN users u
        WHERE u.email IN ('coordinator@consilium.demo', 'auditor@consilium.demo') ON CONFLICT DO NOTHING`,
    );
  });

  // Meetings: weekly per board over the years, and four weeks ahead.
  const meetingStarts: number[] = [];
  for (let time = start + 2 * DAY; time < now + 28 * DAY; time += 7 * DAY) meetingStarts.push(time);
  const meetingIds = boardIds.map(() => meetingStarts.map(() => randomUUID()));
  await timed('meetings', () =>
    copyRows(
      url,
      'meetings',
      ['id', 'board_id', 'title', 'starts_at', 'status', 'chair_id', 'required_specialties', 'updated_at'],
      (function* () {
        for (let board = 0; board < boardIds.length; board += 1) {
          for (let week = 0; week < meetingStarts.length; week += 1) {
            const startsAt = meetingStarts[week]!;
            yield csvRow([
              meetingIds[board]![week]!,
              boardIds[board]!,
              `Weekly board ${isoDate(startsAt)}`,
              iso(startsAt),
              startsAt < now ? 'CLOSED' : 'PLANNED',
              clinicianIds[board]![0]!,
              pgArray(['COLORECTAL_SURGERY', 'MEDICAL_ONCOLOGY']),
              updated,
            ]);
          }
        }
      })(),
    ),
  );

  // Patients and cases, referred evenly over the years (index order = referral order).
  const cases: SeededCase[] = [];
  const patientRows: string[] = [];
  const caseRows: string[] = [];
  const agendaRows: string[] = [];
  const recommendationRows: string[] = [];
  const voteRows: string[] = [];
  const treatmentRows: string[] = [];
  const decided: { caseIndex: number; decidedAt: number }[] = [];
  const positions = new Map<string, number>();
  for (let index = 0; index < CASES; index += 1) {
    const boardIndex = index % boardIds.length;
    const template = templates[index % templates.length]!;
    const referredAt = start + Math.floor(((index + random()) / CASES) * span);
    const patientId = randomUUID();
    const caseId = randomUUID();
    const given = pick(GIVEN);
    const family = FAMILY[Math.floor(index / boardIds.length) % FAMILY.length]!;
    patientRows.push(
      csvRow([
        patientId,
        `SCALE-${String(index).padStart(7, '0')}`,
        given,
        family,
        isoDate(start - (40 + Math.floor(random() * 45)) * 365 * DAY),
        index % 2 ? 'MALE' : 'FEMALE',
        updated,
      ]),
    );
    // Recent referrals may still be in work-up; the rest go to the board's next meeting.
    let status: string;
    let week = -1;
    if (now - referredAt < 10 * DAY && random() < 0.6) {
      status = random() < 0.5 ? 'REFERRED' : 'READY';
    } else {
      week = Math.min(
        meetingStarts.length - 1,
        Math.max(0, Math.ceil((referredAt + 3 * DAY - meetingStarts[0]!) / (7 * DAY))),
      );
      const age = now - meetingStarts[week]!;
      status =
        age < 0
          ? 'SCHEDULED'
          : age < 7 * DAY
            ? pick(['DISCUSSED', 'DECIDED'])
            : age < 60 * DAY
              ? pick(['DECIDED', 'IN_TREATMENT'])
              : random() < 0.3
                ? 'IN_TREATMENT'
                : 'CLOSED';
    }
    const discussedAt = week >= 0 && status !== 'SCHEDULED' ? meetingStarts[week]! : null;
    const isDecided = discussedAt !== null && status !== 'DISCUSSED';
    const treatedOn =
      isDecided && (status === 'IN_TREATMENT' || status === 'CLOSED')
        ? Math.min(now, discussedAt + (14 + Math.floor(random() * 26)) * DAY)
        : null;
    const closedAt = status === 'CLOSED' ? Math.min(now, discussedAt! + 180 * DAY) : null;
    caseRows.push(
      csvRow([
        caseId,
        `SCL-${String(index).padStart(7, '0')}`,
        patientId,
        boardIds[boardIndex]!,
        template.question,
        status,
        template.core,
        template.siteCode,
        template.pathwayId,
        template.pathwayFacts,
        isoDate(referredAt - 5 * DAY),
        iso(referredAt),
        discussedAt === null ? null : iso(discussedAt),
        isDecided ? iso(discussedAt) : null,
        treatedOn === null ? null : isoDate(treatedOn),
        closedAt === null ? null : iso(closedAt),
        iso(referredAt),
        updated,
      ]),
    );
    let recommendationId: string | null = null;
    if (week >= 0) {
      const meetingId = meetingIds[boardIndex]![week]!;
      const position = positions.get(meetingId) ?? 0;
      positions.set(meetingId, position + 1);
      agendaRows.push(csvRow([randomUUID(), meetingId, caseId, position, 10]));
    }
    if (discussedAt !== null) {
      recommendationId = randomUUID();
      const clinicians = clinicianIds[boardIndex]!;
      const follows = template.pathwayId ? random() < 0.85 : null;
      const implementation =
        treatedOn === null ? null : pick(['YES', 'YES', 'YES', 'YES', 'YES', 'YES', 'YES', 'YES', 'PARTLY', 'NO']);
      recommendationRows.push(
        csvRow([
          recommendationId,
          caseId,
          meetingIds[boardIndex]![week]!,
          1,
          template.pathwayId,
          template.pathwayId ? 'bench' : null,
          template.pathwayFacts ?? `{"core":${template.core}}`,
          '{"intent":"curative","steps":[]}',
          isDecided ? 'SIGNED_OFF' : 'PROPOSED',
          follows,
          follows === false ? pick(['PATIENT_PREFERENCE', 'COMORBIDITY', 'CLINICAL_TRIAL', 'OTHER']) : null,
          isDecided ? clinicians[0]! : null,
          isDecided ? iso(discussedAt + 3_600_000) : null,
          implementation,
          implementation === null ? null : iso(treatedOn!),
          updated,
        ]),
      );
      for (let vote = 0; vote < VOTES_PER_RECOMMENDATION; vote += 1) {
        voteRows.push(
          csvRow([
            randomUUID(),
            recommendationId,
            1,
            clinicians[vote]!,
            random() < 0.9 ? 'APPROVE' : pick(['APPROVE_WITH_CHANGES', 'REJECT', 'ABSTAIN']),
            SPECIALTIES[vote % SPECIALTIES.length]!,
            iso(discussedAt + vote * 60_000),
          ]),
        );
      }
      if (treatedOn !== null) {
        treatmentRows.push(
          csvRow([
            randomUUID(),
            caseId,
            recommendationId,
            'SURGERY',
            'DONE',
            isoDate(treatedOn),
            pgArray([]),
            'PRIMARY',
            true,
            updated,
          ]),
        );
        treatmentRows.push(
          csvRow([
            randomUUID(),
            caseId,
            recommendationId,
            'SYSTEMIC_THERAPY',
            treatedOn + 30 * DAY < now ? 'DONE' : 'PLANNED',
            isoDate(treatedOn + 30 * DAY),
            pgArray(['CAPOX']),
            null,
            null,
            updated,
          ]),
        );
      }
      if (isDecided) decided.push({ caseIndex: index, decidedAt: discussedAt });
    }
    cases.push({ id: caseId, patientId, boardIndex, referredAt, recommendationId });
  }
  await timed(`patients (${patientRows.length})`, () =>
    copyRows(
      url,
      'patients',
      ['id', 'mrn', 'given_name', 'family_name', 'birth_date', 'sex', 'updated_at'],
      patientRows,
    ),
  );
  await timed(`cases (${caseRows.length})`, () =>
    copyRows(
      url,
      'cases',
      [
        'id',
        'reference',
        'patient_id',
        'board_id',
        'question_for_board',
        'status',
        'core',
        'site_code',
        'pathway_id',
        'pathway_facts',
        'last_imaging_date',
        'referred_at',
        'discussed_at',
        'decided_at',
        'treatment_started_on',
        'closed_at',
        'created_at',
        'updated_at',
      ],
      caseRows,
    ),
  );
  await timed(`agenda items (${agendaRows.length})`, () =>
    copyRows(url, 'agenda_items', ['id', 'meeting_id', 'case_id', 'position', 'minutes_allotted'], agendaRows),
  );
  await timed(`recommendations (${recommendationRows.length})`, () =>
    copyRows(
      url,
      'recommendations',
      [
        'id',
        'case_id',
        'meeting_id',
        'draft_version',
        'pathway_id',
        'pathway_version',
        'facts_snapshot',
        'proposed_plan',
        'status',
        'follows_pathway',
        'deviation_reason',
        'signed_off_by_id',
        'signed_off_at',
        'implementation_status',
        'implementation_recorded_at',
        'updated_at',
      ],
      recommendationRows,
    ),
  );
  await timed(`votes (${voteRows.length})`, () =>
    copyRows(
      url,
      'votes',
      ['id', 'recommendation_id', 'round', 'voter_id', 'choice', 'specialty', 'created_at'],
      voteRows,
    ),
  );
  await timed(`treatment events (${treatmentRows.length})`, () =>
    copyRows(
      url,
      'treatment_events',
      [
        'id',
        'case_id',
        'recommendation_id',
        'kind',
        'status',
        'start_date',
        'regimens',
        'surgery_target',
        'elective',
        'updated_at',
      ],
      treatmentRows,
    ),
  );

  // Reminders: pathway milestones every two weeks after each decision, delivered once past.
  await timed(`reminders (${REMINDERS})`, () =>
    copyRows(
      url,
      'reminders',
      [
        'id',
        'kind',
        'case_id',
        'recommendation_id',
        'milestone_code',
        'dedupe_key',
        'due_at',
        'audience',
        'status',
        'delivered_at',
        'updated_at',
      ],
      (function* () {
        for (let index = 0; index < REMINDERS; index += 1) {
          const { caseIndex, decidedAt } = decided[index % decided.length]!;
          const due = decidedAt + (1 + Math.floor(index / decided.length)) * 14 * DAY;
          const seeded = cases[caseIndex]!;
          yield csvRow([
            randomUUID(),
            'MILESTONE',
            seeded.id,
            seeded.recommendationId,
            MILESTONES[index % MILESTONES.length]!,
            `scale-${index}`,
            iso(due),
            pgArray(['TREATING_CLINICIANS', 'BOARD_COORDINATORS']),
            due < now ? 'DELIVERED' : 'SCHEDULED',
            due < now ? iso(due + 1_000) : null,
            updated,
          ]);
        }
      })(),
    ),
  );

  // Audit events in time order: mostly PHI reads of the cases active at the time (referred in
  // the previous 60 days), edits, votes, case lists and logins.
  const active = Math.max(1, Math.floor((CASES * 60) / (YEARS * 365)));
  await timed(`audit events (${AUDIT_EVENTS}, with the subjects trigger)`, () =>
    copyRows(
      url,
      'audit_events',
      [
        'recorded_at',
        'action',
        'type',
        'actor_user_id',
        'actor_roles',
        'source_service',
        'source_instance',
        'network_address',
        'user_agent',
        'purpose_of_use',
        'entity_type',
        'entity_id',
        'patient_id',
        'board_id',
        'request_id',
        'changes',
        'detail',
      ],
      (function* () {
        for (let index = 0; index < AUDIT_EVENTS; index += 1) {
          const recordedAt = start + Math.floor((index / AUDIT_EVENTS) * span);
          const newest = Math.min(CASES - 1, Math.floor(((recordedAt - start) / span) * CASES));
          const seeded = cases[Math.max(0, newest - Math.floor(random() * active))]!;
          const boardId = boardIds[seeded.boardIndex]!;
          const actor = pick(clinicianIds[seeded.boardIndex]!);
          const common = [
            actor,
            pgArray(['CLINICIAN']),
            'consilium-api',
            'api-1',
            `10.1.${index % 250}.7`,
            'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
            'TREAT',
          ] as const;
          const requestId = `req-${index}`;
          const kind = random();
          if (kind < 0.55) {
            yield csvRow([
              iso(recordedAt),
              'R',
              'case.read',
              ...common,
              'case',
              seeded.id,
              seeded.patientId,
              boardId,
              requestId,
              null,
              null,
            ]);
          } else if (kind < 0.7) {
            yield csvRow([
              iso(recordedAt),
              'U',
              'case.update',
              ...common,
              'case',
              seeded.id,
              seeded.patientId,
              boardId,
              requestId,
              '{"status":{"old":"READY","new":"SCHEDULED"}}',
              null,
            ]);
          } else if (kind < 0.8 && seeded.recommendationId) {
            yield csvRow([
              iso(recordedAt),
              'C',
              'vote.cast',
              ...common,
              'recommendation',
              seeded.recommendationId,
              seeded.patientId,
              boardId,
              requestId,
              '{"choice":{"old":null,"new":"APPROVE"}}',
              `{"caseId":"${seeded.id}"}`,
            ]);
          } else if (kind < 0.85) {
            const listed = Array.from(
              { length: 20 },
              (_v, offset) => `"${cases[Math.max(0, newest - offset * boardIds.length)]!.patientId}"`,
            );
            yield csvRow([
              iso(recordedAt),
              'R',
              'case.list',
              ...common,
              'case',
              null,
              null,
              boardId,
              requestId,
              null,
              `{"count":20,"patientIds":[${listed.join(',')}]}`,
            ]);
          } else {
            yield csvRow([
              iso(recordedAt),
              'E',
              'auth.login',
              ...common,
              'user',
              actor,
              null,
              null,
              requestId,
              null,
              null,
            ]);
          }
        }
      })(),
    ),
  );
  await timed('VACUUM (ANALYZE)', () => client.query('VACUUM (ANALYZE)'));
  console.log(
    `seeding (COPY through psql): ${fmt((performance.now() - seedingStarted) / 1000, 1)} s in all (target < 300 s for the full size); ${timings.join('; ')}`,
  );
  return { boardIds, clinicianIds, cases, meetingIds, meetingStarts };
}

/**
 * The SELECTs the API issued (through node-postgres, by Prisma's adapter or its plain SQL pool)
 * while `work` ran: the hot queries to EXPLAIN. The baseline's own clients are left out.
 */
async function capturedQueries(
  work: () => Promise<void>,
  baselineClients: WeakSet<object>,
): Promise<{ text: string; values: unknown[] }[]> {
  const captured: { text: string; values: unknown[] }[] = [];
  const prototype = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: object, ...args: unknown[]) {
    const config = args[0] as { text?: unknown; values?: unknown[] } | string;
    const text = typeof config === 'string' ? config : typeof config.text === 'string' ? config.text : '';
    if (!baselineClients.has(this) && /^\s*(SELECT|WITH)\b/i.test(text) && HOT_TABLES.test(text)) {
      captured.push({
        text,
        values: (typeof config === 'string' ? (args[1] as unknown[] | undefined) : config.values) ?? [],
      });
    }
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    prototype.query = original;
  }
  return captured;
}

/** EXPLAIN (ANALYZE, BUFFERS) of each query, printed, with a flag for each Seq Scan on a large table. */
async function explain(
  client: Client,
  label: string,
  queries: readonly { text: string; values: unknown[] }[],
  large: ReadonlyMap<string, number>,
): Promise<number> {
  let flagged = 0;
  for (const [index, query] of queries.entries()) {
    // A query slower than EXPLAIN_TIMEOUT_MS is shown by its plan alone (EXPLAIN without ANALYZE).
    let analyzed = true;
    let rows: { 'QUERY PLAN': string }[];
    try {
      await client.query(`SET statement_timeout = ${EXPLAIN_TIMEOUT_MS}`);
      rows = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.text}`, query.values))
        .rows;
    } catch (error) {
      if ((error as { code?: string }).code !== '57014') throw error;
      analyzed = false;
      rows = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query.text}`, query.values)).rows;
    } finally {
      await client.query('SET statement_timeout = 0');
    }
    const plan = rows.map((row) => row['QUERY PLAN']);
    console.log(
      `${analyzed ? 'EXPLAIN (ANALYZE, BUFFERS)' : `EXPLAIN (ANALYZE exceeded ${EXPLAIN_TIMEOUT_MS / 1000} s, plan only)`} ${label}, query ${index + 1}/${queries.length} as the API issued it:\n    ${query.text.replace(/\s+/g, ' ').slice(0, 400)}`,
    );
    if (!analyzed) flagged += 1;
    for (const line of plan) console.log(`    | ${line}`);
    for (const line of plan) {
      const scanned = /Seq Scan on (\w+)/.exec(line)?.[1];
      if (scanned && large.has(scanned)) {
        flagged += 1;
        console.log(`    !! SEQ SCAN on a large table: ${scanned} (${large.get(scanned)} rows) on a hot path`);
      }
    }
  }
  if (queries.length === 0)
    console.log(`EXPLAIN ${label}: the API issued no SELECT on the hot tables through node-postgres`);
  return flagged;
}

const REPORT_SQL = {
  counts: `SELECT count(*)::int AS signed_off, count(*) FILTER (WHERE r.pathway_id IS NOT NULL)::int AS pathway_signed_off,
             count(*) FILTER (WHERE r.pathway_id IS NOT NULL AND r.follows_pathway)::int AS following,
             count(*) FILTER (WHERE r.implementation_status = 'YES')::int AS implemented_yes, count(*) FILTER (WHERE r.implementation_status = 'PARTLY')::int AS implemented_partly,
             count(*) FILTER (WHERE r.implementation_status = 'NO')::int AS implemented_no, count(*) FILTER (WHERE r.implementation_status IS NULL)::int AS implementation_missing
        FROM recommendations r JOIN cases c ON c.id = r.case_id LEFT JOIN meetings m ON m.id = r.meeting_id
       WHERE c.board_id = $1::uuid AND r.status = 'SIGNED_OFF' AND least(m.starts_at, r.signed_off_at) >= $2 AND least(m.starts_at, r.signed_off_at) < $3`,
  bySite: `SELECT left(c.site_code, 3) AS site, r.pathway_id, count(*)::int AS signed_off, count(*) FILTER (WHERE r.pathway_id IS NOT NULL AND r.follows_pathway)::int AS following,
             count(*) FILTER (WHERE r.implementation_status = 'YES')::int AS implemented_yes
        FROM recommendations r JOIN cases c ON c.id = r.case_id LEFT JOIN meetings m ON m.id = r.meeting_id
       WHERE c.board_id = $1::uuid AND r.status = 'SIGNED_OFF' AND least(m.starts_at, r.signed_off_at) >= $2 AND least(m.starts_at, r.signed_off_at) < $3
       GROUP BY 1, 2 ORDER BY 1, 2 NULLS LAST`,
  departures: `SELECT coalesce(r.deviation_reason::text, 'UNSPECIFIED') AS reason, count(*)::int AS count
        FROM recommendations r JOIN cases c ON c.id = r.case_id LEFT JOIN meetings m ON m.id = r.meeting_id
       WHERE c.board_id = $1::uuid AND r.status = 'SIGNED_OFF' AND r.pathway_id IS NOT NULL AND r.follows_pathway = false
         AND least(m.starts_at, r.signed_off_at) >= $2 AND least(m.starts_at, r.signed_off_at) < $3 GROUP BY 1 ORDER BY 1`,
  toDiscussion: `WITH d AS (SELECT extract(epoch FROM (discussed_at - referred_at))::float8 / 86400 AS days FROM cases WHERE board_id = $1::uuid AND discussed_at >= $2 AND discussed_at < $3)
      SELECT count(*)::int AS count, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90 FROM d`,
  toTreatment: `WITH d AS (SELECT (treatment_started_on - (discussed_at AT TIME ZONE 'UTC')::date)::float8 AS days FROM cases
       WHERE board_id = $1::uuid AND discussed_at >= $2 AND discussed_at < $3 AND treatment_started_on IS NOT NULL)
      SELECT count(*)::int AS count, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90 FROM d`,
};

/** The network of a kept database (BENCH_SCALE_DATABASE), as seedNetwork returned it. */
async function networkOf(client: Client): Promise<Network> {
  const boards = (await client.query<{ id: string; name: string }>('SELECT id, name FROM boards')).rows;
  const regional = (name: string): number => Number(/^Regional board (\d+)$/.exec(name)?.[1] ?? 0);
  // seedNetwork's order: the demo boards by name, then the regional boards as created.
  boards.sort((a, b) => regional(a.name) - regional(b.name) || a.name.localeCompare(b.name));
  const boardIds = boards.map((board) => board.id);
  const clinicianIds = boardIds.map(() => [] as string[]);
  for (const row of (
    await client.query<{ id: string; email: string }>(
      `SELECT id, email FROM users WHERE email LIKE 'clinician-%@scale.example'`,
    )
  ).rows) {
    const [, board, index] = /^clinician-(\d+)-(\d+)@/.exec(row.email)!;
    clinicianIds[Number(board)]![Number(index)] = row.id;
  }
  const { rows } = await client.query<{
    id: string;
    patient_id: string;
    board_id: string;
    referred_at: Date;
    recommendation_id: string | null;
  }>(
    `SELECT c.id, c.patient_id, c.board_id, c.referred_at, r.id AS recommendation_id FROM cases c LEFT JOIN recommendations r ON r.case_id = c.id AND r.draft_version = 1
      WHERE c.reference LIKE 'SCL-%' ORDER BY c.reference`,
  );
  const cases = rows.map((row) => ({
    id: row.id,
    patientId: row.patient_id,
    boardIndex: boardIds.indexOf(row.board_id),
    referredAt: row.referred_at.getTime(),
    recommendationId: row.recommendation_id,
  }));
  return { boardIds, clinicianIds, cases, meetingIds: [], meetingStarts: [] };
}

const AUDIT_SELECT =
  'SELECT e.*, l.leaf_index, l.batch_id FROM audit_events e LEFT JOIN audit_leaves l ON l.seq = e.seq';

async function main(): Promise<void> {
  const database = REUSED_DATABASE
    ? { name: REUSED_DATABASE, url: databaseUrl(REUSED_DATABASE), drop: async () => undefined }
    : await createBenchDatabase('scale');
  const { prisma, end: endPrisma } = benchPrisma(database.url);
  const client = new Client({ connectionString: database.url, application_name: 'consilium-bench-scale' });
  await client.connect();
  const pool = new Pool({ connectionString: database.url, max: CONNECTIONS });
  pool.on('error', () => undefined); // idle clients ended by the final DROP DATABASE ... WITH (FORCE)
  const baselineClients = new WeakSet<object>();
  pool.on('connect', (pooled) => baselineClients.add(pooled));
  const workerPrefix = `bench-${randomUUID().slice(0, 8)}`;
  const config = benchConfig({ DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: workerPrefix });
  const baseline = Fastify();
  let app: Awaited<ReturnType<typeof createApp>> | null = null;
  try {
    const now = Date.now();
    let network: Network;
    if (REUSED_DATABASE) {
      network = await networkOf(client);
      console.log(
        `data-scale: reusing the seeded database ${REUSED_DATABASE} (BENCH_SCALE_DATABASE): ${network.boardIds.length} boards, ${network.cases.length} cases`,
      );
    } else {
      await seedDemo(prisma, new Date(now));
      console.log(`data-scale: ${BOARDS} boards, ${CASES} cases, ${AUDIT_EVENTS} audit events, ${REMINDERS} reminders`);
      network = await seedNetwork(database.url, client, now);
    }
    const large = new Map(
      (
        await client.query<{ relname: string; rows: number }>(
          `SELECT relname, reltuples::bigint AS rows FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND reltuples >= $1`,
          [LARGE_TABLE_ROWS],
        )
      ).rows.map((row) => [row.relname, Number(row.rows)]),
    );
    console.log(
      `large tables (>= ${LARGE_TABLE_ROWS} rows): ${[...large].map(([name, rows]) => `${name} ${rows}`).join(', ')}`,
    );

    app = await createApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const ours = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const login = async (who: string): Promise<Record<string, string>> => {
      const { email, password } = demoCredentials(who);
      const response = await fetch(`${ours}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (response.status !== 200) throw new Error(`login of ${email} answered ${response.status}`);
      return { authorization: `Bearer ${((await response.json()) as { accessToken: string }).accessToken}` };
    };
    const coordinator = await login('coordinator');
    const auditor = await login('auditor');

    // The subjects of the measured reads: a regional board (not a demo one), its busiest recent
    // past meeting, a case active a month ago, one of its clinicians.
    const boardIndex = BOARDS - 1;
    const boardId = network.boardIds[boardIndex]!;
    const { rows: meetingRows } = await client.query<{ id: string; items: number }>(
      `SELECT m.id, count(a.*)::int AS items FROM meetings m JOIN agenda_items a ON a.meeting_id = m.id
        WHERE m.board_id = $1 AND m.starts_at < $2 AND m.starts_at > $3 GROUP BY m.id, m.starts_at ORDER BY items DESC, m.starts_at DESC LIMIT 1`,
      [boardId, new Date(now), new Date(now - 60 * DAY)],
    );
    const meeting = meetingRows[0]!;
    const subject = [...network.cases]
      .reverse()
      .find((row) => row.boardIndex === boardIndex && row.referredAt < now - 30 * DAY && row.recommendationId)!;
    const clinician = network.clinicianIds[boardIndex]![3]!;
    const from = new Date(now - 365 * DAY).toISOString();
    const to = new Date(now).toISOString();
    // Ten pages deep (fewer on a small network): the bare query resumes after the same row.
    const depth = Math.max(1, Math.min(10, Math.floor(CASES / BOARDS / PAGE) - 1));
    const deep = (
      await client.query<{ referred_at: Date; id: string }>(
        'SELECT referred_at, id FROM cases WHERE board_id = $1 ORDER BY referred_at DESC, id DESC OFFSET $2 LIMIT 1',
        [boardId, depth * PAGE - 1],
      )
    ).rows[0]!;
    // The API's own cursor to the same place, along its Link headers.
    let deepPath = `/cases?boardId=${boardId}&limit=${PAGE}`;
    for (let page = 0; page < depth; page += 1) {
      const response = await fetch(`${ours}${deepPath}`, { headers: coordinator });
      await response.arrayBuffer();
      const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
      if (!next) throw new Error(`no next page after page ${page + 1} of ${deepPath}`);
      deepPath = next;
    }

    // Bare baselines: the same rows by the same query in bare SQL, no auth, no audit, no mapping.
    const auditorBoards = network.boardIds;
    baseline.get<{ Querystring: Record<string, string | undefined> }>('/cases', async (request) => {
      const query = request.query;
      const values: unknown[] = [query.boardId];
      const where = ['c.board_id = $1::uuid'];
      if (query.status) where.push(`c.status = $${values.push(query.status)}::"CaseStatus"`);
      if (query.site) where.push(`c.site_code LIKE $${values.push(`${query.site}%`)}`);
      if (query.q) {
        // The shape the indexes answer (apps/api/src/cases/case-read.repository.ts): the patients looked up once by trigram indexes.
        const contains = values.push(`%${query.q}%`);
        const exact = values.push(query.q);
        where.push(
          `(c.reference ILIKE $${contains} OR c.patient_id IN (SELECT id FROM patients WHERE family_name ILIKE $${contains} OR given_name ILIKE $${contains} OR mrn ILIKE $${exact}))`,
        );
      }
      if (query.afterReferredAt && query.afterId) {
        const at = values.push(query.afterReferredAt);
        const id = values.push(query.afterId);
        where.push(
          `(c.referred_at < $${at}::timestamptz OR (c.referred_at = $${at}::timestamptz AND c.id < $${id}::uuid))`,
        );
      }
      const { rows } = await pool.query(
        `SELECT c.*, p.mrn, p.given_name, p.family_name, p.birth_date FROM cases c JOIN patients p ON p.id = c.patient_id WHERE ${where.join(' AND ')} ORDER BY c.referred_at DESC, c.id DESC LIMIT ${PAGE + 1}`,
        values,
      );
      return rows.slice(0, PAGE);
    });
    bareAgendaRoute(baseline, pool);
    baseline.get<{ Querystring: { boardId: string; from: string; to: string } }>('/reports', async (request) => {
      const period = [request.query.boardId, new Date(request.query.from), new Date(request.query.to)];
      const [counts, bySite, departures, toDiscussion, toTreatment] = await Promise.all([
        pool.query(REPORT_SQL.counts, period),
        pool.query(REPORT_SQL.bySite, period),
        pool.query(REPORT_SQL.departures, period),
        pool.query(REPORT_SQL.toDiscussion, period),
        pool.query(REPORT_SQL.toTreatment, period),
      ]);
      return {
        counts: counts.rows[0],
        bySite: bySite.rows,
        departures: departures.rows,
        toDiscussion: toDiscussion.rows[0],
        toTreatment: toTreatment.rows[0],
      };
    });
    baseline.get<{ Querystring: { patientId?: string; caseId?: string; actorUserId?: string } }>(
      '/audit/events',
      async (request) => {
        const { patientId, caseId, actorUserId } = request.query;
        // By patient: a UNION of the two index lookups (an OR across the two tables walks every event).
        const about = patientId
          ? 'AND e.seq IN (SELECT seq FROM audit_events WHERE patient_id = $2::uuid UNION SELECT event_seq FROM audit_event_subjects WHERE patient_id = $2::uuid)'
          : caseId
            ? 'AND e.seq IN (SELECT event_seq FROM audit_event_subjects WHERE case_id = $2::uuid)'
            : 'AND e.actor_user_id = $2::uuid';
        const { rows } = await pool.query(
          `${AUDIT_SELECT} WHERE e.board_id = ANY($1::uuid[]) ${about} ORDER BY e.seq DESC LIMIT 100`,
          [auditorBoards, patientId ?? caseId ?? actorUserId],
        );
        return rows;
      },
    );
    await baseline.listen({ port: 0, host: '127.0.0.1' });
    const bare = `http://127.0.0.1:${(baseline.server.address() as { port: number }).port}`;

    const figures: { label: string; path: string; barePath: string; headers: Record<string, string> }[] = [
      {
        label: `case list, first page (GET /cases?boardId&limit=${PAGE})`,
        path: `/cases?boardId=${boardId}&limit=${PAGE}`,
        barePath: `/cases?boardId=${boardId}`,
        headers: coordinator,
      },
      {
        label: 'case list by status and site (GET /cases?boardId&status=CLOSED&site=C18)',
        path: `/cases?boardId=${boardId}&status=CLOSED&site=C18&limit=${PAGE}`,
        barePath: `/cases?boardId=${boardId}&status=CLOSED&site=C18`,
        headers: coordinator,
      },
      {
        label: 'case search by name (GET /cases?boardId&q=Lindq)',
        path: `/cases?boardId=${boardId}&q=Lindq&limit=${PAGE}`,
        barePath: `/cases?boardId=${boardId}&q=Lindq`,
        headers: coordinator,
      },
      {
        label: 'case search by MRN (GET /cases?boardId&q=<MRN>)',
        path: `/cases?boardId=${boardId}&q=SCALE-${String(CASES - 1).padStart(7, '0')}&limit=${PAGE}`,
        barePath: `/cases?boardId=${boardId}&q=SCALE-${String(CASES - 1).padStart(7, '0')}`,
        headers: coordinator,
      },
      {
        label: `case list, page ${depth + 1} by keyset cursor (GET /cases?boardId&cursor)`,
        path: deepPath,
        barePath: `/cases?boardId=${boardId}&afterReferredAt=${encodeURIComponent(deep.referred_at.toISOString())}&afterId=${deep.id}`,
        headers: coordinator,
      },
      {
        label: `agenda view (GET /meetings/:id/agenda, ${meeting.items} cases)`,
        path: `/meetings/${meeting.id}/agenda`,
        barePath: `/meetings/${meeting.id}/agenda`,
        headers: coordinator,
      },
      {
        label: 'board report over a year (GET /reports?boardId&from&to)',
        path: `/reports?boardId=${boardId}&from=${from}&to=${to}`,
        barePath: `/reports?boardId=${boardId}&from=${from}&to=${to}`,
        headers: coordinator,
      },
      {
        label: 'audit search by patient (GET /audit/events?patientId)',
        path: `/audit/events?patientId=${subject.patientId}`,
        barePath: `/audit/events?patientId=${subject.patientId}`,
        headers: auditor,
      },
      {
        label: 'audit search by case (GET /audit/events?caseId)',
        path: `/audit/events?caseId=${subject.id}`,
        barePath: `/audit/events?caseId=${subject.id}`,
        headers: auditor,
      },
      {
        label: 'audit search by user (GET /audit/events?actorUserId)',
        path: `/audit/events?actorUserId=${clinician}`,
        barePath: `/audit/events?actorUserId=${clinician}`,
        headers: auditor,
      },
    ];

    let flagged = 0;
    const summaries: string[] = [];
    // BENCH_SCALE_ONLY=<words>: only the figures whose label contains them (e.g. "audit search").
    for (const figure of figures.filter(
      (each) => !process.env.BENCH_SCALE_ONLY || each.label.includes(process.env.BENCH_SCALE_ONLY),
    )) {
      const probe = await fetch(`${ours}${figure.path}`, { headers: figure.headers });
      const body = await probe.text();
      if (probe.status !== 200) throw new Error(`${figure.label}: answered ${probe.status} ${body.slice(0, 300)}`);
      const bareProbe = await fetch(`${bare}${figure.barePath}`);
      await bareProbe.arrayBuffer();
      if (bareProbe.status !== 200) throw new Error(`${figure.label}: the baseline answered ${bareProbe.status}`);
      // The queries to EXPLAIN, captured on an idle API (after a load run, a slow query's backlog can still hold its pool).
      const queries = await capturedQueries(async () => {
        const response = await fetch(`${ours}${figure.path}`, { headers: figure.headers });
        await response.arrayBuffer();
        if (response.status !== 200)
          console.log(`  warning: the probe of ${figure.label} for EXPLAIN answered ${response.status}`);
      }, baselineClients);
      await throughputOf(`${ours}${figure.path}`, CONNECTIONS, 1, figure.headers)(); // warm-up
      const summary = await comparePair(
        `${figure.label}, ${CONNECTIONS} connections / the same query in bare SQL (Fastify + pg), req/s`,
        'req/s',
        throughputOf(`${ours}${figure.path}`, CONNECTIONS, DURATION_S, figure.headers),
        throughputOf(`${bare}${figure.barePath}`, CONNECTIONS, DURATION_S),
      );
      summaries.push(
        `| ${figure.label} | ${fmt(summary.ratio)} (${fmt(summary.spread[0])}-${fmt(summary.spread[1])}) | ${summary.ours.p99 ?? '?'} ms | ${summary.baseline.p99 ?? '?'} ms | ${fmt(summary.loadAverage)} |`,
      );
      flagged += await explain(client, figure.label, queries, large);
      // Let a slow figure's backlog drain before the next one (at most two minutes).
      for (let waited = 0; waited < 120; waited += 1) {
        const { rows } = await client.query<{ active: number }>(
          `SELECT count(*)::int AS active FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
        );
        if (rows[0]!.active === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    console.log(
      `data-scale: ${flagged} finding(s) above: a sequential scan of a large table, or a query too slow to EXPLAIN ANALYZE`,
    );
    console.log(
      `API process RSS after the data-scale bench (API in-process with the load generator): ${fmt(process.memoryUsage().rss / 1e6, 0)} MB`,
    );
    // The worker on the same network, as a process of its own: sealing the seeded trail's backlog
    // and sweeping the reminders for WORKER_SECONDS, then its RSS.
    const sealedBefore = Number(
      (await client.query<{ n: string }>('SELECT count(*) AS n FROM audit_leaves')).rows[0]!.n,
    );
    const worker = startAppProcess('worker', {
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_PREFIX: `${workerPrefix}`,
      AUDIT_CHECKPOINT_DIR: config.audit.checkpointDir,
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, WORKER_SECONDS * 1000));
      const sealed =
        Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM audit_leaves')).rows[0]!.n) - sealedBefore;
      console.log(
        `worker process RSS after ${WORKER_SECONDS} s on the data-scale network: ${fmt(worker.rssMb(), 0)} MB (it sealed ${sealed} of the trail's events meanwhile, ${fmt(sealed / WORKER_SECONDS, 0)} events/s)`,
      );
    } finally {
      await worker.stop();
    }
    console.log(
      `data-scale summary (median ratio, spread, p99 ours, p99 baseline, load average at start):\n${summaries.join('\n')}`,
    );
  } finally {
    await app?.close();
    await baseline.close();
    await pool.end();
    await client.end().catch(() => undefined);
    await endPrisma();
    if (process.env.BENCH_SCALE_KEEP === '1' || REUSED_DATABASE)
      console.log(`data-scale: kept the database ${database.name} (BENCH_SCALE_KEEP=1): drop it when done`);
    else await database.drop();
  }
}

runBench(main);
