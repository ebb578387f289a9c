import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuditAction } from '@prisma/client';
import { FINDING_KINDS } from '@consilium/audit';

/**
 * What the auditor API answers, for the OpenAPI document (and so the web client's generated
 * types). The shapes are libs/audit's AuditEventPage, AuditVerification and InclusionProof.
 */

const nullableString = { type: String, nullable: true } as const;
const jsonObject = { type: 'object', additionalProperties: true, nullable: true } as const;

/** The leaf fields of an event (libs/audit AuditLeafFields): what its leaf hash covers. */
export class AuditLeafFieldsDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Insertion order (bigint as a string)' }) seq!: string;
  @ApiProperty({ description: 'ISO 8601' }) recordedAt!: string;
  @ApiProperty({
    enum: AuditAction,
    description: 'FHIR AuditEvent action: C(reate), R(ead), U(pdate), D(elete) or E(xecute)',
  })
  action!: string;
  @ApiProperty({ example: 'case.update' }) type!: string;
  @ApiProperty() outcome!: string;
  @ApiProperty(nullableString) outcomeDesc!: string | null;
  @ApiProperty(nullableString) actorUserId!: string | null;
  @ApiProperty({ type: [String] }) actorRoles!: string[];
  @ApiProperty(nullableString) onBehalfOfId!: string | null;
  @ApiProperty() sourceService!: string;
  @ApiProperty() sourceInstance!: string;
  @ApiProperty(nullableString) networkAddress!: string | null;
  @ApiProperty(nullableString) userAgent!: string | null;
  @ApiProperty(nullableString) purposeOfUse!: string | null;
  @ApiProperty() entityType!: string;
  @ApiProperty(nullableString) entityId!: string | null;
  @ApiProperty(nullableString) patientId!: string | null;
  @ApiProperty(nullableString) boardId!: string | null;
  @ApiProperty(nullableString) requestId!: string | null;
  @ApiProperty({ ...jsonObject, description: 'Old and new values of the changed fields' }) changes!: unknown;
  @ApiProperty(jsonObject) detail!: unknown;
}

/** One event of the search, with its description in words. */
export class AuditEventDto extends AuditLeafFieldsDto {
  @ApiProperty({ ...nullableString, description: 'Position in the Merkle log; null until sealed' }) leafIndex!:
    string | null;
  @ApiProperty(nullableString) batchId!: string | null;
  @ApiProperty({ ...nullableString, description: "The actor's name ('system' for the system)" }) actorName!:
    string | null;
  @ApiProperty(nullableString) actorEmail!: string | null;
  @ApiProperty({ description: 'The action in words, without the actor', example: 'viewed case CRC-2026-0001' })
  summary!: string;
  @ApiProperty({ description: 'The entity in words', example: 'case CRC-2026-0001' }) entityLabel!: string;
  @ApiProperty(nullableString) caseId!: string | null;
  @ApiProperty(nullableString) caseReference!: string | null;
  @ApiProperty({
    ...nullableString,
    description: "The patient's name, only when the patient has a case in one of your boards",
  })
  patientName!: string | null;
  @ApiProperty({
    ...nullableString,
    description: 'The recommendation the event is about (its provenance: GET /audit/recommendations/{id}/provenance)',
  })
  recommendationId!: string | null;
  @ApiProperty(nullableString) meetingId!: string | null;
  @ApiProperty({ ...nullableString, description: 'The API route of a read', example: 'GET /cases/:id' }) route!:
    string | null;
  @ApiProperty({ ...nullableString, description: 'The web screen of a read', example: 'meeting-mode' }) screen!:
    string | null;
}

export class MatchedPatientDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() mrn!: string;
}

export class MatchedCaseDto {
  @ApiProperty() id!: string;
  @ApiProperty() reference!: string;
}

export class MatchedUserDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
}

export class MatchedTermsDto {
  @ApiProperty({ type: [MatchedPatientDto] }) patients!: MatchedPatientDto[];
  @ApiProperty({ type: [MatchedCaseDto] }) cases!: MatchedCaseDto[];
  @ApiProperty({ type: [MatchedUserDto] }) users!: MatchedUserDto[];
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty({
    type: MatchedTermsDto,
    description: 'What the words of the query (patient, caseReference, user) matched',
  })
  matched!: MatchedTermsDto;
  @ApiProperty({ ...nullableString, description: 'Pass as `cursor` for the next (older) page; null on the last page' })
  nextCursor!: string | null;
}

export class CheckpointCountsDto {
  @ApiProperty() database!: number;
  @ApiProperty() external!: number;
  @ApiProperty({ description: 'lines of the witness copy (AUDIT_WITNESS_DIR)' }) witness!: number;
}

export class WitnessGapsDto {
  @ApiProperty() file!: string;
  @ApiProperty({ description: "this log's database checkpoints the witness copy lacks" }) missingCheckpoints!: number;
  @ApiProperty(nullableString) firstMissingTreeSize!: string | null;
}

export class FindingCheckpointDto {
  @ApiProperty({ enum: ['database', 'external', 'witness'] }) source!: 'database' | 'external' | 'witness';
  @ApiPropertyOptional({ description: 'database: the audit_checkpoints row' }) id?: string;
  @ApiPropertyOptional({ description: 'external: the checkpoint log file' }) file?: string;
  @ApiPropertyOptional({ description: 'external: the line in it' }) line?: number;
  @ApiProperty() treeSize!: string;
}

export class VerificationFindingDto {
  @ApiProperty({ enum: FINDING_KINDS }) kind!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional() leafIndex?: string;
  @ApiPropertyOptional() eventId?: string;
  @ApiPropertyOptional() batchId?: string;
  @ApiPropertyOptional({ type: FindingCheckpointDto }) checkpoint?: FindingCheckpointDto;
}

export class AuditVerificationDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'bigint as a string' }) leavesVerified!: string;
  @ApiProperty() batchesVerified!: number;
  @ApiProperty({ type: CheckpointCountsDto }) checkpointsVerified!: CheckpointCountsDto;
  @ApiProperty({ description: 'RFC 6962 root over the verified leaves (hex)' }) rootHash!: string;
  @ApiProperty({
    type: VerificationFindingDto,
    nullable: true,
    description: 'The first mismatch; null when the log verifies',
  })
  finding!: VerificationFindingDto | null;
  @ApiProperty({
    description: 'Legacy checkpoint lines (no log id) that do not verify as this log: set aside, not tampering',
  })
  legacyLinesSetAside!: number;
  @ApiProperty({ ...nullableString, description: "This log's id; null before its first sealing round" }) logId!:
    string | null;
  @ApiProperty() unsealedEvents!: number;
  @ApiProperty(nullableString) externalCheckpointFile!: string | null;
  @ApiProperty({ description: 'Checkpoint lines of other logs (databases) sharing the files' }) otherLogLines!: number;
  @ApiProperty({ type: WitnessGapsDto, nullable: true, description: 'null when no AUDIT_WITNESS_DIR is configured' })
  witness!: WitnessGapsDto | null;
  @ApiProperty() durationMs!: number;
}

/** A sealed event's leaf fields: its leaf index is known. */
export class SealedLeafFieldsDto extends AuditLeafFieldsDto {
  @ApiProperty() leafIndex!: string;
}

export class SignedCheckpointDto {
  @ApiProperty({
    ...nullableString,
    description: 'The log it signs (in the signed note); null on checkpoints from before logs had an id',
  })
  logId!: string | null;
  @ApiProperty() treeSize!: string;
  @ApiProperty({ description: 'hex' }) rootHash!: string;
  @ApiProperty() signedAt!: string;
  @ApiProperty() keyId!: string;
  @ApiProperty({ description: 'Ed25519 over `note`, base64' }) signature!: string;
  @ApiProperty({ description: 'The signed checkpoint text' }) note!: string;
}

/** RFC 9162 §2.1.3 inclusion proof of one event against a signed checkpoint. */
export class InclusionProofDto {
  @ApiProperty({ enum: ['consilium-audit-proof/v1'] }) format!: 'consilium-audit-proof/v1';
  @ApiProperty({ type: SealedLeafFieldsDto, description: 'Its RFC 8785 form is the leaf' }) event!: SealedLeafFieldsDto;
  @ApiProperty() leafIndex!: string;
  @ApiProperty({ description: 'hex' }) leafHash!: string;
  @ApiProperty() treeSize!: string;
  @ApiProperty({ type: [String], description: 'Audit path, bottom-up, hex' }) auditPath!: string[];
  @ApiProperty({ type: SignedCheckpointDto }) checkpoint!: SignedCheckpointDto;
  @ApiProperty({ description: "The log's public key (SPKI PEM); pin it" }) publicKey!: string;
}
