import { api, ApiError, apiWithHeaders, messageOf, type BodyOf } from '../../../api';
import { placeFieldErrors } from '../../../components/form/field-errors';
import type { CaseDetail } from '../../../types';
import { coreOf, pathwayFactsOf, textOrNull, type FormState } from '../case-form-state';

/** What a new and an edited case send alike: the question, the last imaging, the core and the pathway's facts. */
function caseBodyOf(state: FormState, pathwayId: string) {
  return {
    questionForBoard: textOrNull(state.questionForBoard) ?? undefined,
    lastImagingDate: textOrNull(state.lastImagingDate) ?? undefined,
    core: coreOf(state) as unknown as BodyOf<'POST', '/cases'>['core'],
    pathwayFacts: pathwayFactsOf(pathwayId, state.extra) as unknown as BodyOf<'POST', '/cases'>['pathwayFacts'],
  };
}

/** Saves an edited case on the version it was read at (If-Match: a 412 when someone saved meanwhile). */
export async function updateCase(
  caseId: string,
  etag: string | null,
  state: FormState,
  pathwayId: string,
): Promise<{ data: CaseDetail; etag: string | null }> {
  return apiWithHeaders('PATCH', '/cases/{id}', {
    path: { id: caseId },
    body: caseBodyOf(state, pathwayId),
    headers: etag ? { 'if-match': etag } : {},
  });
}

/**
 * Creates the patient, then the case. A patient created by an earlier attempt (the case refused)
 * is reused, never created twice: `onPatientCreated` hands its id back to the form.
 */
export async function createCase(
  state: FormState,
  pathwayId: string,
  createdPatientId: string | null,
  onPatientCreated: (patientId: string) => void,
): Promise<{ reference: string }> {
  let patientId = createdPatientId;
  if (!patientId) {
    const patient = await api('POST', '/patients', {
      body: {
        mrn: state.mrn.trim(),
        givenName: state.givenName.trim(),
        familyName: state.familyName.trim(),
        birthDate: state.birthDate,
        sex: state.sex as BodyOf<'POST', '/patients'>['sex'],
      },
    });
    patientId = patient.id;
    onPatientCreated(patient.id);
  }
  return api('POST', '/cases', { body: { patientId, boardId: state.boardId, ...caseBodyOf(state, pathwayId) } });
}

/** Why a save was refused: someone saved first (412), or the errors by field and the message the form shows. */
export type SaveRefusal = { stale: true } | { stale: false; byField: Record<string, string[]>; message: string };

/** The refusal of a save as the form shows it: field errors beside the fields `shown`, the rest in the message. */
export function refusalOfSave(caught: unknown, shown: ReadonlySet<string>): SaveRefusal {
  if (caught instanceof ApiError && caught.status === 412) return { stale: true };
  if (caught instanceof ApiError && caught.errors.length > 0) {
    const { byField, unplaced } = placeFieldErrors(caught.errors, shown);
    return {
      stale: false,
      byField,
      message:
        unplaced.length > 0
          ? unplaced.join('; ')
          : `Please correct the ${caught.errors.length === 1 ? 'field' : `${caught.errors.length} fields`} marked below.`,
    };
  }
  return { stale: false, byField: {}, message: messageOf(caught) };
}
