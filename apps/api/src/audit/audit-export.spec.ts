import { fhirErrors } from '../fhir/fhir-validator';
import { classifyAuditEvent, toFhirAuditEvent, toFhirBundle } from './audit-export';
import type { AuditEventView } from './dto/audit-query.dto';

const base: AuditEventView = {
  id: '6c0a3a55-1d1e-4c61-9f5e-2b0d6b1f7a10',
  seq: '7',
  recordedAt: '2026-11-29T10:00:00.000Z',
  action: 'R',
  type: 'case.read',
  outcome: 'SUCCESS',
  outcomeDesc: null,
  actorUserId: '0b4e1c7a-5a43-4e0c-8f3c-8c1d2b3e4f50',
  actorRoles: ['CLINICIAN'],
  onBehalfOfId: null,
  sourceService: 'consilium-api',
  sourceInstance: 'host 1',
  networkAddress: '10.0.0.7',
  userAgent: null,
  purposeOfUse: 'TREAT',
  entityType: 'case',
  entityId: '9a6a3c1e-7d0f-4b8e-9d0c-1e2f3a4b5c6d',
  patientId: '3f1c2b4a-9e8d-4c7b-a6f5-e4d3c2b1a098',
  boardId: null,
  requestId: 'req-1',
  changes: null,
  detail: null,
  leafIndex: '41',
  batchId: '2',
};

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';

describe(toFhirAuditEvent.name, () => {
  it.each([
    ['auth.login', 'E', null, `${DCM}|110114`, [`${DCM}|110122`, 'urn:consilium:audit-event-type|auth.login'], null],
    ['auth.logout', 'E', null, `${DCM}|110114`, [`${DCM}|110123`, 'urn:consilium:audit-event-type|auth.logout'], null],
    ['audit.export', 'R', null, `${DCM}|110106`, ['urn:consilium:audit-event-type|audit.export'], null],
    [
      'recommendation.export-fhir',
      'R',
      'p',
      `${DCM}|110106`,
      ['urn:consilium:audit-event-type|recommendation.export-fhir'],
      null,
    ],
    ['case.list', 'R', null, `${DCM}|110112`, ['urn:consilium:audit-event-type|case.list'], null],
    [
      'case.read',
      'R',
      'p',
      'http://terminology.hl7.org/CodeSystem/audit-event-type|rest',
      ['http://hl7.org/fhir/restful-interaction|read', 'urn:consilium:audit-event-type|case.read'],
      'IHE.BasicAudit.PatientRead',
    ],
    [
      'board.create',
      'C',
      null,
      'http://terminology.hl7.org/CodeSystem/audit-event-type|rest',
      ['http://hl7.org/fhir/restful-interaction|create', 'urn:consilium:audit-event-type|board.create'],
      'IHE.BasicAudit.Create',
    ],
    [
      'case.update',
      'U',
      'p',
      'http://terminology.hl7.org/CodeSystem/audit-event-type|rest',
      ['http://hl7.org/fhir/restful-interaction|update', 'urn:consilium:audit-event-type|case.update'],
      'IHE.BasicAudit.PatientUpdate',
    ],
  ])('%s (%s, patient %s): type %s', (type, action, patient, expectedType, expectedSubtypes, profile) => {
    const classified = classifyAuditEvent({ type, action, patientId: patient });
    expect(`${classified.type.system}|${classified.type.code}`).toBe(expectedType);
    expect(classified.subtype.map((coding) => `${coding.system}|${coding.code}`)).toEqual(expectedSubtypes);
    expect(classified.profile).toBe(
      profile === null ? null : `https://profiles.ihe.net/ITI/BALP/StructureDefinition/${profile}`,
    );
  });

  it('is valid FHIR R4 with agent types, the source observer as a reference, and the BALP profile', () => {
    const resource = toFhirAuditEvent(base) as {
      meta: { profile: string[] };
      agent: { type: { coding: { code: string }[] }; who: { reference?: string } }[];
      source: { observer: { reference: string } };
    };
    expect(fhirErrors(resource)).toEqual([]);
    expect(resource.meta.profile).toEqual([
      'https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientRead',
    ]);
    expect(resource.agent.map((agent) => agent.type.coding[0]!.code)).toEqual(['IRCP', '110153', '110152']);
    expect(resource.source.observer.reference).toBe('Device/consilium-api.host-1');
    expect(resource.agent[2]!.who.reference).toBe('Device/consilium-api.host-1');
  });

  it('a system event without roles, address, request id or leaf is valid too, and so is the Bundle', () => {
    const system = {
      ...base,
      id: '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      action: 'E',
      type: 'reminder.delivered',
      actorUserId: null,
      actorRoles: [],
      networkAddress: null,
      requestId: null,
      leafIndex: null,
      patientId: null,
      purposeOfUse: null,
      detail: { count: 1 },
    };
    expect(fhirErrors(toFhirAuditEvent(system))).toEqual([]);
    expect(
      (toFhirAuditEvent(system) as { agent: { type: { coding: { code: string }[] } }[] }).agent[0]!.type.coding[0]!
        .code,
    ).toBe('110150');
    expect(
      fhirErrors(toFhirBundle([base, system], new Date('2026-11-29T11:00:00Z'), 'https://example.test/next')),
    ).toEqual([]);
  });
});
