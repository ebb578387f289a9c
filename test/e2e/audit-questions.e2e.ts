import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { PrismaClient } from '@prisma/client';
import {
  AuditSealer,
  checkInclusionProof,
  CheckpointSigner,
  ExternalCheckpointLog,
  parseSigningKey,
  pgRunner,
} from '@consilium/audit';
import type { operations } from '../../apps/web/src/api-schema';
import { decideCase, type DecidedCase } from '../support/decision';
import { expectStatus, inclusionProof, startStack, type Stack, type UserClient } from '../support/stack';

const run = promisify(execFile);

type EventQuery = NonNullable<operations['AuditController_search']['parameters']['query']>;

/**
 * The auditor's questions (issue 21) over HTTP: search by what an auditor knows, read in words;
 * who saw a patient (every PHI route found, with its route and screen); a decision's provenance
 * as JSON and PDF, each line linked to a proof that verifies.
 */
describe("the auditor's questions (issue 21)", () => {
  let stack: Stack;
  let prisma: PrismaClient;
  let client: Client;
  let sealer: AuditSealer;
  let checkpointDir: string;
  let publicKeyPem: string;
  let decided: DecidedCase;
  let other: DecidedCase;
  let auditor: UserClient;
  let coordinator: UserClient;
  let clinician: UserClient;

  const screen = (name: string) => ({ 'x-consilium-screen': name });
  const byId = (id: string) => ({ params: { path: { id } } });
  /** A page of GET /audit/events with this query, as the auditor (200 expected). */
  const events = (query: EventQuery) => expectStatus(auditor.get('/audit/events', { params: { query } }));
  /** A recommendation's provenance, as the auditor (200 expected). */
  const provenanceOf = (id: string, headers: Record<string, string> = {}) =>
    expectStatus(auditor.get('/audit/recommendations/{id}/provenance', { ...byId(id), headers }));

  beforeAll(async () => {
    const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    checkpointDir = mkdtempSync(join(tmpdir(), 'consilium-audit-questions-'));
    stack = await startStack('audit_questions', {
      env: { AUDIT_CHECKPOINT_DIR: checkpointDir, AUDIT_SIGNING_KEY: signingKey },
    });
    prisma = stack.prisma;
    client = new Client({ connectionString: stack.database.url });
    await client.connect();
    const signer = new CheckpointSigner(parseSigningKey(signingKey));
    publicKeyPem = signer.publicKeyPem();
    sealer = new AuditSealer(pgRunner(client), signer, new ExternalCheckpointLog(checkpointDir), 64);

    decided = await decideCase(stack.url, prisma, { givenName: 'Hedda', familyName: 'Provenance' });
    other = await decideCase(stack.url, prisma, { givenName: 'Otto', familyName: 'Elsewhere' });
    auditor = await stack.as('auditor');
    coordinator = await stack.as('coordinator');
    clinician = await stack.as('surgeon');

    // Every PHI route once, from the screens of the web app (its X-Consilium-Screen header).
    await expectStatus(coordinator.get('/cases/{id}', { ...byId(decided.caseId), headers: screen('case-view') }));
    await expectStatus(coordinator.get('/cases', { headers: screen('home') }));
    await expectStatus(
      clinician.get('/meetings/{id}/agenda', { ...byId(decided.meetingId), headers: screen('meeting-mode') }),
    );
    await expectStatus(
      coordinator.get('/meetings/{id}/agenda', { ...byId(decided.meetingId), headers: screen('home') }),
    );
    await expectStatus(coordinator.get('/patients/{id}', byId(decided.patientId)));
    await provenanceOf(decided.recommendationId, screen('provenance'));
    expect(
      (
        await auditor.get('/audit/events/export.csv', {
          params: { query: { patient: decided.mrn } },
          parseAs: 'text',
        })
      ).status,
    ).toBe(200);
    // A read of the other patient only: never in the first patient's answers.
    await expectStatus(clinician.get('/cases/{id}', { ...byId(other.caseId), headers: screen('case-view') }));
    await sealer.sealAll();
  });

  afterAll(async () => {
    await client?.end();
    await stack?.close();
    if (checkpointDir) rmSync(checkpointDir, { recursive: true, force: true });
  });

  describe('search by what an auditor knows', () => {
    it('finds the patient by name and by MRN, and shows events in words: actor names, case references, readable actions', async () => {
      const byName = await events({ patient: 'hedda provenance' });
      expect(byName.matched.patients).toEqual([{ id: decided.patientId, name: 'Hedda Provenance', mrn: decided.mrn }]);
      const byMrn = await events({ patient: decided.mrn.toLowerCase() });
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
      const byCase = await events({ caseReference: decided.reference, type: 'vote' });
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
      const byEmail = await events({ user: 'SURGEON@consilium.demo' });
      expect(byEmail.matched.users.map((user) => user.id)).toEqual([surgeonId]);
      expect(byEmail.items.length).toBeGreaterThan(0);
      expect(
        byEmail.items.every((item) => item.actorUserId === surgeonId && item.actorName === 'Dr. Sam Surgeon'),
      ).toBe(true);
      const byName = await events({ user: 'sam surgeon' });
      expect(byName.items.map((item) => item.id)).toEqual(byEmail.items.map((item) => item.id));

      const signOffs = await events({ type: 'recommendation.sign-off' });
      expect(signOffs.items.map((item) => item.caseReference).sort()).toEqual(
        [decided.reference, other.reference].sort(),
      );
      const at = signOffs.items.find((item) => item.caseReference === decided.reference)!.recordedAt;
      const justThen = await events({
        type: 'recommendation',
        from: at,
        to: new Date(Date.parse(at) + 1).toISOString(),
      });
      expect(justThen.items.map((item) => item.id)).toContain(
        signOffs.items.find((item) => item.caseReference === decided.reference)!.id,
      );
      expect(justThen.items.every((item) => item.recordedAt === at)).toBe(true);
    });

    it('answers nothing for words that match nothing, 400 naming the field for a malformed one, and pages with a Link header', async () => {
      const none = await events({ patient: 'Nobody Atall' });
      expect(none).toEqual({ items: [], matched: { patients: [], cases: [], users: [] }, nextCursor: null });
      const bad = await auditor.get('/audit/events', { params: { query: { type: 'DROP TABLE' } } });
      expect(bad.status).toBe(400);
      expect(bad.problem).toMatchObject({ errors: [{ field: 'type' }] });
      const first = await auditor.get('/audit/events', { params: { query: { patient: decided.mrn, limit: 2 } } });
      expect(first.status).toBe(200);
      const page = first.body;
      expect(page.items).toHaveLength(2);
      expect(first.headers.get('link')).toBe(
        `</audit/events?patient=${decided.mrn}&limit=2&cursor=${page.nextCursor}>; rel="next"`,
      );
      const second = await events({ patient: decided.mrn, limit: 2, cursor: page.nextCursor! });
      expect(BigInt(second.items[0]!.seq)).toBeLessThan(BigInt(page.items[1]!.seq));
    });

    it("is the auditor's: a clinician gets 403, and the names shown are recorded as a PHI read of the query", async () => {
      expect((await clinician.get('/audit/events', { params: { query: { patient: 'Hedda' } } })).status).toBe(403);
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
      const reads = await expectStatus(auditor.get('/audit/patients/{id}/reads', byId(decided.patientId)));
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
      const reads = await expectStatus(auditor.get('/audit/cases/{id}/reads', byId(decided.caseId)));
      const types = new Set(reads.items.map((item) => item.type));
      for (const type of ['case.read', 'case.list', 'meeting.agenda.read', 'recommendation.provenance'])
        expect(types).toContain(type);
      const otherReads = await expectStatus(auditor.get('/audit/cases/{id}/reads', byId(other.caseId)));
      expect(
        otherReads.items.some(
          (item) => item.type === 'case.read' && item.actorName === 'Dr. Sam Surgeon' && item.screen === 'case-view',
        ),
      ).toBe(true);
      expect(otherReads.items.map((item) => item.id)).not.toContain(
        reads.items.find((item) => item.type === 'case.read')!.id,
      );
      expect(await prisma.auditEvent.count({ where: { type: 'audit.reads', patientId: decided.patientId } })).toBe(2);
      expect((await clinician.get('/audit/patients/{id}/reads', byId(decided.patientId))).status).toBe(403);
    });
  });

  describe('decision provenance', () => {
    it("tells the decision's story: facts, draft, proposal diffs, the three votes, attendance and quorum at sign-off, the signer", async () => {
      const provenance = await provenanceOf(decided.recommendationId);
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
      const provenance = await provenanceOf(decided.recommendationId);
      const signOff = provenance.lines.find((line) => line.kind === 'sign-off')!;
      expect(signOff.leafIndex).not.toBeNull();
      expect(signOff.proofPath).toBe(`/audit/events/${signOff.eventId}/proof`);
      const proof = inclusionProof(await expectStatus(auditor.get('/audit/events/{id}/proof', byId(signOff.eventId))));
      expect(proof.event).toMatchObject({ id: signOff.eventId, type: 'recommendation.sign-off' });
      expect(checkInclusionProof(proof, createPublicKey(publicKeyPem))).toEqual({ ok: true, failure: null });
    });

    it('exports the same story as a PDF that reads back as text (pdftotext)', async () => {
      const provenance = await provenanceOf(decided.recommendationId);
      const response = await auditor.get('/audit/recommendations/{id}/provenance.pdf', {
        ...byId(decided.recommendationId),
        parseAs: 'arrayBuffer',
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="provenance-${decided.reference}-v1.pdf"`,
      );
      const pdf = Buffer.from(response.body);
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
        (await clinician.get('/audit/recommendations/{id}/provenance', byId(decided.recommendationId))).status,
      ).toBe(403);
      expect(
        (await auditor.get('/audit/recommendations/{id}/provenance', byId('00000000-0000-4000-8000-000000000000')))
          .status,
      ).toBe(404);
    });
  });
});
