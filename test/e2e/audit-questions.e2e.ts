import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import {
  AuditSealer,
  checkInclusionProof,
  CheckpointSigner,
  ExternalCheckpointLog,
  parseSigningKey,
  pgRunner,
  type InclusionProof,
} from '@consilium/audit';
import { seedDemo } from '../../prisma/seed';
import { startApi, type RunningApi } from '../support/api';
import { call, login } from '../support/auth';
import { testConfig } from '../support/config';
import { decideCase, type DecidedCase } from '../support/decision';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const run = promisify(execFile);

interface Described {
  id: string;
  seq: string;
  type: string;
  action: string;
  actorUserId: string | null;
  actorName: string | null;
  summary: string;
  entityLabel: string;
  caseReference: string | null;
  patientName: string | null;
  patientId: string | null;
  recommendationId: string | null;
  route: string | null;
  screen: string | null;
  recordedAt: string;
}
interface Page {
  items: Described[];
  matched: {
    patients: { id: string; name: string; mrn: string }[];
    cases: { id: string; reference: string }[];
    users: { id: string; name: string; email: string }[];
  };
  nextCursor: string | null;
}
interface Line {
  kind: string;
  summary: string;
  actorName: string | null;
  eventId: string;
  leafIndex: string | null;
  proofPath: string;
}
interface Provenance {
  case: { reference: string; patientName: string };
  factsSnapshot: unknown;
  drafts: { draftVersion: number; current: boolean; eventId?: string }[];
  proposals: { changes: { path: string; change: string; old?: unknown; new?: unknown }[]; eventId: string }[];
  rounds: { round: number; votes: { voterName: string; choice: string; comment: string | null; eventId?: string }[] }[];
  signOff: {
    signerName: string;
    attendance: { name: string }[];
    quorum: { quorate: boolean; required: string[]; missing: string[] };
    eventId?: string;
    proofPath?: string;
  } | null;
  lines: Line[];
}

/**
 * The auditor's questions (issue 21) over HTTP: search by what an auditor knows, read in words;
 * who saw a patient (every PHI route found, with its route and screen); a decision's provenance
 * as JSON and PDF, each line linked to a proof that verifies.
 */
describe("the auditor's questions (issue 21)", () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let client: Client;
  let api: RunningApi;
  let sealer: AuditSealer;
  let checkpointDir: string;
  let publicKeyPem: string;
  let decided: DecidedCase;
  let other: DecidedCase;
  let auditor: string;
  let coordinator: string;
  let clinician: string;

  const get = async <T>(
    token: string,
    path: string,
    expected = 200,
    headers: Record<string, string> = {},
  ): Promise<T> => {
    const response = await call(api.url, 'GET', path, { token, headers });
    if (response.status !== expected)
      throw new Error(
        `GET ${path} answered ${response.status}, expected ${expected}: ${JSON.stringify(response.body)}`,
      );
    return response.body as T;
  };

  beforeAll(async () => {
    database = await createTestDatabase('audit_questions');
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    client = new Client({ connectionString: database.url });
    await client.connect();
    await seedDemo(prisma);
    const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    checkpointDir = mkdtempSync(join(tmpdir(), 'consilium-audit-questions-'));
    const signer = new CheckpointSigner(parseSigningKey(signingKey));
    publicKeyPem = signer.publicKeyPem();
    sealer = new AuditSealer(pgRunner(client), signer, new ExternalCheckpointLog(checkpointDir), 64);
    api = await startApi(
      testConfig({ DATABASE_URL: database.url, AUDIT_CHECKPOINT_DIR: checkpointDir, AUDIT_SIGNING_KEY: signingKey }),
    );

    decided = await decideCase(api.url, prisma, { givenName: 'Hedda', familyName: 'Provenance' });
    other = await decideCase(api.url, prisma, { givenName: 'Otto', familyName: 'Elsewhere' });
    auditor = (await login(api.url, 'auditor@consilium.demo', 'Demo-Auditor-Passw0rd')).accessToken;
    coordinator = (await login(api.url, 'coordinator@consilium.demo', 'Demo-Coordinator-Passw0rd')).accessToken;
    clinician = (await login(api.url, 'surgeon@consilium.demo', 'Demo-Clinician-Passw0rd')).accessToken;

    // Every PHI route once, from the screens of the web app (its X-Consilium-Screen header).
    await get(coordinator, `/cases/${decided.caseId}`, 200, { 'x-consilium-screen': 'case-view' });
    await get(coordinator, '/cases', 200, { 'x-consilium-screen': 'home' });
    await get(clinician, `/meetings/${decided.meetingId}/agenda`, 200, { 'x-consilium-screen': 'meeting-mode' });
    await get(coordinator, `/meetings/${decided.meetingId}/agenda`, 200, { 'x-consilium-screen': 'home' });
    await get(coordinator, `/patients/${decided.patientId}`, 200);
    await get(auditor, `/audit/recommendations/${decided.recommendationId}/provenance`, 200, {
      'x-consilium-screen': 'provenance',
    });
    expect(
      (await call(api.url, 'GET', `/audit/events/export.csv?patient=${decided.mrn}`, { token: auditor })).status,
    ).toBe(200);
    // A read of the other patient only: never in the first patient's answers.
    await get(clinician, `/cases/${other.caseId}`, 200, { 'x-consilium-screen': 'case-view' });
    await sealer.sealAll();
  });

  afterAll(async () => {
    await api?.close();
    await client?.end();
    await prisma?.$disconnect();
    await database?.drop();
    if (checkpointDir) rmSync(checkpointDir, { recursive: true, force: true });
  });

  describe('search by what an auditor knows', () => {
    it('finds the patient by name and by MRN, and shows events in words: actor names, case references, readable actions', async () => {
      const byName = await get<Page>(auditor, '/audit/events?patient=hedda%20provenance');
      expect(byName.matched.patients).toEqual([{ id: decided.patientId, name: 'Hedda Provenance', mrn: decided.mrn }]);
      const byMrn = await get<Page>(auditor, `/audit/events?patient=${decided.mrn.toLowerCase()}`);
      expect(byMrn.items.map((item) => item.id)).toEqual(byName.items.map((item) => item.id));

      const truth = await prisma.auditEvent.findMany({
        where: { OR: [{ patientId: decided.patientId }, { subjects: { some: { patientId: decided.patientId } } }] },
        orderBy: { seq: 'desc' },
        select: { id: true },
      });
      expect(byName.items.map((item) => item.id)).toEqual(truth.map((row) => row.id));
      expect(byName.items.some((item) => item.patientId === other.patientId)).toBe(false);

      const view = byName.items.find((item) => item.type === 'case.read' && item.screen === 'case-view')!;
      expect(view).toMatchObject({
        actorName: 'Cora Coordinator',
        summary: `viewed case ${decided.reference}`,
        caseReference: decided.reference,
        patientName: 'Hedda Provenance',
        route: 'GET /cases/:id',
      });
      const signOff = byName.items.find((item) => item.type === 'recommendation.sign-off')!;
      expect(signOff).toMatchObject({
        actorName: 'Dr. Olga Oncologist',
        summary: `signed off recommendation v1 of case ${decided.reference}`,
        recommendationId: decided.recommendationId,
      });
      const meetingMode = byName.items.find(
        (item) => item.type === 'meeting.agenda.read' && item.screen === 'meeting-mode',
      )!;
      expect(meetingMode.summary).toMatch(
        new RegExp(`^opened meeting mode of meeting "${decided.meetingTitle}" \\(\\d{4}-\\d{2}-\\d{2}\\)`),
      );
      // Never a bare id prefix or an action letter as the description.
      for (const item of byName.items) {
        expect(item.summary).not.toMatch(/\b[0-9a-f]{8}\b/);
        expect(item.summary).not.toMatch(/^[CRUDE]$/);
      }
    });

    it('finds by case reference, by user e-mail and name, by event type family and by date range', async () => {
      const byCase = await get<Page>(auditor, `/audit/events?caseReference=${decided.reference}&type=vote`);
      expect(byCase.matched.cases).toEqual([{ id: decided.caseId, reference: decided.reference }]);
      expect(byCase.items.map((item) => item.summary).sort()).toEqual([
        `voted approve on recommendation v1 of case ${decided.reference} (round 1)`,
        `voted approve on recommendation v1 of case ${decided.reference} (round 1)`,
        `voted reject on recommendation v1 of case ${decided.reference} (round 1)`,
      ]);
      expect(byCase.items.map((item) => item.actorName).sort()).toEqual([
        'Dr. Olga Oncologist',
        'Dr. Paul Pathologist',
        'Dr. Sam Surgeon',
      ]);

      const surgeonId = (await prisma.user.findUniqueOrThrow({ where: { email: 'surgeon@consilium.demo' } })).id;
      const byEmail = await get<Page>(auditor, '/audit/events?user=SURGEON@consilium.demo');
      expect(byEmail.matched.users.map((user) => user.id)).toEqual([surgeonId]);
      expect(byEmail.items.length).toBeGreaterThan(0);
      expect(
        byEmail.items.every((item) => item.actorUserId === surgeonId && item.actorName === 'Dr. Sam Surgeon'),
      ).toBe(true);
      const byName = await get<Page>(auditor, '/audit/events?user=sam%20surgeon');
      expect(byName.items.map((item) => item.id)).toEqual(byEmail.items.map((item) => item.id));

      const signOffs = await get<Page>(auditor, '/audit/events?type=recommendation.sign-off');
      expect(signOffs.items.map((item) => item.caseReference).sort()).toEqual(
        [decided.reference, other.reference].sort(),
      );
      const at = signOffs.items.find((item) => item.caseReference === decided.reference)!.recordedAt;
      const justThen = await get<Page>(
        auditor,
        `/audit/events?type=recommendation&from=${encodeURIComponent(at)}&to=${encodeURIComponent(new Date(Date.parse(at) + 1).toISOString())}`,
      );
      expect(justThen.items.map((item) => item.id)).toContain(
        signOffs.items.find((item) => item.caseReference === decided.reference)!.id,
      );
      expect(justThen.items.every((item) => item.recordedAt === at)).toBe(true);
    });

    it('answers nothing for words that match nothing, 400 naming the field for a malformed one, and pages with a Link header', async () => {
      const none = await get<Page>(auditor, '/audit/events?patient=Nobody%20Atall');
      expect(none).toEqual({ items: [], matched: { patients: [], cases: [], users: [] }, nextCursor: null });
      const bad = await call(api.url, 'GET', '/audit/events?type=DROP%20TABLE', { token: auditor });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ errors: [{ field: 'type' }] });
      const first = await call(api.url, 'GET', `/audit/events?patient=${decided.mrn}&limit=2`, { token: auditor });
      const page = first.body as Page;
      expect(page.items).toHaveLength(2);
      expect(first.headers.get('link')).toBe(
        `</audit/events?patient=${decided.mrn}&limit=2&cursor=${page.nextCursor}>; rel="next"`,
      );
      const second = await get<Page>(auditor, `/audit/events?patient=${decided.mrn}&limit=2&cursor=${page.nextCursor}`);
      expect(BigInt(second.items[0]!.seq)).toBeLessThan(BigInt(page.items[1]!.seq));
    });

    it("is the auditor's: a clinician gets 403, and the names shown are recorded as a PHI read of the query", async () => {
      expect((await call(api.url, 'GET', '/audit/events?patient=Hedda', { token: clinician })).status).toBe(403);
      const query = await prisma.auditEvent.findFirstOrThrow({
        where: { type: 'audit.query' },
        orderBy: { seq: 'desc' },
      });
      expect(JSON.stringify(query.detail)).not.toContain('Hedda');
      const queries = await prisma.auditEvent.findMany({
        where: { type: 'audit.query', detail: { path: ['patientIds'], array_contains: [decided.patientId] } },
      });
      expect(queries.length).toBeGreaterThan(0);
    });
  });

  describe('who saw this patient', () => {
    it('lists every PHI read of the patient with user, route and screen: case view, case list, agenda, meeting mode, patient record, provenance export', async () => {
      const reads = await get<Page>(auditor, `/audit/patients/${decided.patientId}/reads`);
      const seen = reads.items.map(
        (item) => `${item.type} ${item.route ?? '-'} ${item.screen ?? '-'} ${item.actorName ?? '-'}`,
      );
      expect(seen).toEqual(
        expect.arrayContaining([
          'case.read GET /cases/:id case-view Cora Coordinator',
          'case.list GET /cases home Cora Coordinator',
          'meeting.agenda.read GET /meetings/:id/agenda meeting-mode Dr. Sam Surgeon',
          'meeting.agenda.read GET /meetings/:id/agenda home Cora Coordinator',
          'patient.read GET /patients/:id - Cora Coordinator',
          'recommendation.provenance GET /audit/recommendations/:id/provenance provenance Aldo Auditor',
        ]),
      );
      expect(seen.some((line) => line.startsWith('audit.query'))).toBe(true);
      expect(seen).toContain('audit.export GET /audit/events/export.csv - Aldo Auditor');
      expect(reads.items.every((item) => ['R', 'E'].includes(item.action))).toBe(true);
      // The other patient's case view is not among them.
      const otherView = await prisma.auditEvent.findFirstOrThrow({
        where: { type: 'case.read', entityId: other.caseId },
      });
      expect(reads.items.map((item) => item.id)).not.toContain(otherView.id);
    });

    it('finds the lists that named the patient through an index, not by reading the whole trail', async () => {
      await client.query('BEGIN');
      try {
        await client.query('SET LOCAL enable_seqscan = off');
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT seq FROM audit_events WHERE detail ? 'patientIds' AND (detail -> 'patientIds') @> jsonb_build_array($1::text)`,
          [decided.patientId],
        );
        expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('audit_events_detail_patient_ids_idx');
      } finally {
        await client.query('ROLLBACK');
      }
    });

    it('lists the reads that showed the case, and audits the question', async () => {
      const reads = await get<Page>(auditor, `/audit/cases/${decided.caseId}/reads`);
      const types = new Set(reads.items.map((item) => item.type));
      for (const type of ['case.read', 'case.list', 'meeting.agenda.read', 'recommendation.provenance'])
        expect(types).toContain(type);
      const otherReads = await get<Page>(auditor, `/audit/cases/${other.caseId}/reads`);
      expect(
        otherReads.items.some(
          (item) => item.type === 'case.read' && item.actorName === 'Dr. Sam Surgeon' && item.screen === 'case-view',
        ),
      ).toBe(true);
      expect(otherReads.items.map((item) => item.id)).not.toContain(
        reads.items.find((item) => item.type === 'case.read')!.id,
      );
      expect(await prisma.auditEvent.count({ where: { type: 'audit.reads', patientId: decided.patientId } })).toBe(2);
      expect(
        (await call(api.url, 'GET', `/audit/patients/${decided.patientId}/reads`, { token: clinician })).status,
      ).toBe(403);
    });
  });

  describe('decision provenance', () => {
    it("tells the decision's story: facts, draft, proposal diffs, the three votes, attendance and quorum at sign-off, the signer", async () => {
      const provenance = await get<Provenance>(
        auditor,
        `/audit/recommendations/${decided.recommendationId}/provenance`,
      );
      const row = await prisma.recommendation.findUniqueOrThrow({ where: { id: decided.recommendationId } });
      expect(provenance.case).toMatchObject({ reference: decided.reference, patientName: 'Hedda Provenance' });
      expect(provenance.factsSnapshot).toEqual(row.factsSnapshot);
      expect(provenance.drafts).toMatchObject([{ draftVersion: 1, current: true }]);
      expect(provenance.drafts[0]!.eventId).toBeDefined();
      expect(provenance.proposals).toHaveLength(2);
      expect(provenance.proposals[1]!.changes).toEqual([{ path: 'steps.3', change: 'added', new: 'Staged resection' }]);
      expect(provenance.rounds).toHaveLength(1);
      expect(
        provenance.rounds[0]!.votes.map(
          (vote) => `${vote.voterName}: ${vote.choice}${vote.comment ? ` (${vote.comment})` : ''}`,
        ).sort(),
      ).toEqual([
        'Dr. Olga Oncologist: APPROVE',
        'Dr. Paul Pathologist: REJECT (Chemotherapy first)',
        'Dr. Sam Surgeon: APPROVE',
      ]);
      expect(provenance.rounds[0]!.votes.every((vote) => vote.eventId !== undefined)).toBe(true);
      expect(provenance.signOff).toMatchObject({
        signerName: 'Dr. Olga Oncologist',
        quorum: { quorate: true, missing: [] },
      });
      expect(provenance.signOff!.attendance.map((attendee) => attendee.name).sort()).toEqual([
        'Dr. Olga Oncologist',
        'Dr. Paul Pathologist',
        'Dr. Sam Surgeon',
      ]);
      expect(provenance.lines.map((line) => line.kind)).toEqual(
        expect.arrayContaining(['draft', 'proposal', 'attendance', 'vote', 'sign-off', 'status']),
      );
      // Every line is an audit event of this database, in the trail's order.
      const events = await prisma.auditEvent.findMany({
        where: { id: { in: provenance.lines.map((line) => line.eventId) } },
        select: { id: true, seq: true },
      });
      expect(events).toHaveLength(provenance.lines.length);
      const seqOf = new Map(events.map((event) => [event.id, event.seq]));
      const seqs = provenance.lines.map((line) => seqOf.get(line.eventId)!);
      expect([...seqs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(seqs);
    });

    it('links each line to an inclusion proof that verifies against the pinned key', async () => {
      const provenance = await get<Provenance>(
        auditor,
        `/audit/recommendations/${decided.recommendationId}/provenance`,
      );
      const signOff = provenance.lines.find((line) => line.kind === 'sign-off')!;
      expect(signOff.leafIndex).not.toBeNull();
      const proof = await get<InclusionProof>(auditor, signOff.proofPath);
      expect(proof.event).toMatchObject({ id: signOff.eventId, type: 'recommendation.sign-off' });
      expect(checkInclusionProof(proof, createPublicKey(publicKeyPem))).toEqual({ ok: true, failure: null });
    });

    it('exports the same story as a PDF that reads back as text (pdftotext)', async () => {
      const provenance = await get<Provenance>(
        auditor,
        `/audit/recommendations/${decided.recommendationId}/provenance`,
      );
      const response = await fetch(`${api.url}/audit/recommendations/${decided.recommendationId}/provenance.pdf`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="provenance-${decided.reference}-v1.pdf"`,
      );
      const pdf = Buffer.from(await response.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const file = join(checkpointDir, 'provenance.pdf');
      writeFileSync(file, pdf);
      const { stdout } = await run('pdftotext', ['-layout', file, '-']);
      const text = stdout.replace(/\s+/g, ' ');
      expect(text).toContain('Decision provenance');
      expect(text).toContain(`Case ${decided.reference}, patient Hedda Provenance`);
      expect(text).toContain('Dr. Paul Pathologist (pathology): REJECT, "Chemotherapy first"');
      expect(text).toContain('Signed off by Dr. Olga Oncologist');
      expect(text).toContain('Quorum at sign-off: quorate');
      expect(text).toContain('steps.3 added: — -> Staged resection');
      expect(text).toContain(`audit event ${provenance.signOff!.eventId}`);
      expect(
        await prisma.auditEvent.count({
          where: {
            type: 'recommendation.provenance',
            entityId: decided.recommendationId,
            detail: { path: ['format'], equals: 'pdf' },
          },
        }),
      ).toBe(1);
    });

    it('is refused to a clinician (403) and unknown ids answer 404', async () => {
      expect(
        (
          await call(api.url, 'GET', `/audit/recommendations/${decided.recommendationId}/provenance`, {
            token: clinician,
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await call(api.url, 'GET', '/audit/recommendations/00000000-0000-4000-8000-000000000000/provenance', {
            token: auditor,
          })
        ).status,
      ).toBe(404);
    });
  });
});
