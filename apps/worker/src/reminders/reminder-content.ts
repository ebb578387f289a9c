/**
 * What a reminder says. No PHI beyond what is needed to act: the case reference (never a
 * patient name, MRN, birth date or diagnosis), the action with its dates, and a link.
 */

/** The action each milestone asks for (wording of the plan's steps, no diagnosis). */
const MILESTONE_ACTIONS: Readonly<Record<string, string>> = {
  BIOMARKER_RESULTS_DUE: 'Biomarker results (RAS/BRAF/MMR/DPD) are needed before the first systemic dose',
  CHEMO_START_WINDOW: 'Start of combination chemotherapy after short-course radiotherapy',
  RESPONSE_EVALUATION: 'Response evaluation',
  REEVALUATION_2_MONTHS: 'Re-evaluation at about 2 months',
  REEVALUATION_4_MONTHS: 'Re-evaluation at about 4 months',
  SURGERY_TARGET: 'Target date of surgery',
  PRIMARY_SURGERY_DEADLINE: 'Deadline for surgery of the primary (5-6 months after radiotherapy)',
  BEVACIZUMAB_LAST_DOSE: 'Last bevacizumab dose before surgery (at least 6 weeks before)',
  BEVACIZUMAB_RESTART_EARLIEST: 'Earliest bevacizumab restart after surgery (wound healed)',
  PERIOPERATIVE_CHEMO_COMPLETE: '6 months of perioperative chemotherapy complete',
  IMMUNOTHERAPY_FIRST_IMAGING: 'First response imaging after immunotherapy start',
  // Resected colon cancer stage I-III (PATHWAY-COLON.md)
  ADJUVANT_START_TARGET: 'First adjuvant chemotherapy dose (target: within 8 weeks of surgery)',
  CEA_FOLLOW_UP: 'CEA blood test (follow-up after surgery)',
  CT_FOLLOW_UP: 'CT chest/abdomen (follow-up after surgery)',
  COLONOSCOPY_1_YEAR: 'Colonoscopy (follow-up after surgery)',
};

/** Board-authored milestones (BOARD_<KEY>): their label is free text, so the reminder names only the key. */
const boardAction = (code: string): string | null =>
  code.startsWith('BOARD_')
    ? `Follow-up set by the board (${code.slice('BOARD_'.length).toLowerCase().replace(/_/g, '-')})`
    : null;

const ESCALATIONS: Readonly<Record<string, string>> = {
  CHEMO_START_WINDOW: 'Chemotherapy has not been recorded as started by day 19 after the last radiotherapy fraction',
  RESPONSE_EVALUATION: 'No response evaluation has been recorded by day 56 after the start of chemotherapy',
  PRIMARY_SURGERY_DEADLINE: 'Surgery of the primary has not been recorded within 180 days after radiotherapy',
  BEVACIZUMAB_LAST_DOSE: 'Bevacizumab is recorded within 42 days before the planned surgery',
};

const day = (date: Date | null): string | null => (date ? date.toISOString().slice(0, 10) : null);

export interface ReminderText {
  readonly title: string;
  readonly body: string;
  readonly link: string;
}

export interface MilestoneReminderFacts {
  readonly kind: 'MILESTONE' | 'ESCALATION';
  readonly milestoneCode: string | null;
  readonly caseId: string;
  readonly caseReference: string;
  readonly dueAt: Date;
  readonly windowStart: Date | null;
  readonly windowEnd: Date | null;
}

export function milestoneText(facts: MilestoneReminderFacts, publicBaseUrl: string): ReminderText {
  const code = facts.milestoneCode ?? '';
  const link = `${publicBaseUrl}/cases/${facts.caseId}`;
  if (facts.kind === 'ESCALATION') {
    const what = ESCALATIONS[code] ?? `Milestone ${code} is overdue`;
    return {
      title: `${facts.caseReference}: escalation, action needed`,
      body: `${what}.\nPlease review the case and record the treatment or the reason.\n${link}`,
      link,
    };
  }
  const action = MILESTONE_ACTIONS[code] ?? boardAction(code) ?? code;
  const when =
    facts.windowStart && facts.windowEnd
      ? `window ${day(facts.windowStart)} to ${day(facts.windowEnd)}`
      : `due ${day(facts.dueAt)}`;
  return { title: `${facts.caseReference}: action due (${when})`, body: `${action}: ${when}.\n${link}`, link };
}

export interface DigestCase {
  readonly reference: string;
  readonly missing: readonly string[];
}

export function digestText(
  meetingId: string,
  startsAt: Date,
  cases: readonly DigestCase[],
  publicBaseUrl: string,
): ReminderText {
  const link = `${publicBaseUrl}/meetings/${meetingId}`;
  const when = `${startsAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const lines =
    cases.length === 0
      ? ['No cases on the agenda yet.']
      : cases.map((each) => `- ${each.reference}: ${each.missing.length === 0 ? 'ready' : each.missing.join('; ')}`);
  return {
    title: `Board meeting ${when}: agenda and missing items`,
    body: `Agenda of the board meeting on ${when} (${cases.length} cases):\n${lines.join('\n')}\n${link}`,
    link,
  };
}

/** The subject line: the reference and that an action is due, nothing clinical. */
export const mailSubject = (text: ReminderText): string => `[Consilium] ${text.title}`;

/** Delivery key as SMTP Message-ID: a resend after a crash carries the same id. */
export const deliveryMessageId = (reminderId: string, version: number, recipientId: string): string =>
  `<reminder.${reminderId}.v${version}.${recipientId}@consilium>`;
