import type { components } from './api-schema';

/** The API's response schemas (generated from its OpenAPI document: `npm run openapi`). */
type Schemas = components['schemas'];

export type Me = Schemas['MeDto'];
export type Readiness = Schemas['ReadinessDto'];
export type CaseSummary = Schemas['CaseSummaryDto'];
export type CaseStatus = CaseSummary['status'];
export type CaseDetail = Schemas['CaseDto'];
/** The disease-agnostic case core as the API answers it (condition.ageYears computed). */
export type CaseCore = Schemas['CaseCore'];
/** The pathway's extra facts with its id; null when the board authors the plan. */
export type PathwayFacts = Schemas['PathwayFacts'];
export type PathwayRef = Schemas['PathwayRefDto'];
export type Meeting = Schemas['MeetingDto'];
export type AgendaEntry = Schemas['AgendaEntryDto'];
export type Finding = Schemas['AnyPathwayFinding'];
export type Recommendation = Schemas['RecommendationDto'];
export type TreatmentEvent = Schemas['TreatmentEventViewDto'];
export type Board = Schemas['BoardDto'];
export type Tally = Schemas['TallyDto'];
export type AuditEvent = Schemas['AuditEventDto'];
export type AuditEventPage = Schemas['AuditEventPageDto'];
/** GET /audit/recommendations/:id/provenance. */
export type Provenance = Schemas['ProvenanceDto'];
export type AuditVerification = Schemas['AuditVerificationDto'];
export type BoardMember = Schemas['BoardMemberDto'];
export type Attendee = Schemas['AttendeeDto'];
export type BoardReport = Schemas['BoardReportDto'];
/** GET /audit/events/:id/proof (libs/audit InclusionProof). */
export type InclusionProof = Schemas['InclusionProofDto'];
/** A link to an imaging or pathology report of a case. */
export type ReportLink = Schemas['ReportLinkViewDto'];
export type ReportLinkInput = Schemas['ReportLinkDto'];
