import type { ReactNode } from 'react';
import { AuditPage } from './features/audit/components/AuditPage';
import { ProvenancePage } from './features/audit/components/ProvenancePage';
import { WhoSawPage } from './features/audit/components/WhoSawPage';
import { CaseForm } from './features/cases/components/CaseForm';
import { CaseView } from './features/cases/components/CaseView';
import { ClinicianHome } from './features/home/components/ClinicianHome';
import { CoordinatorHome } from './features/home/components/CoordinatorHome';
import { MeetingMode } from './features/meeting-mode/components/MeetingMode';
import { AttendancePage } from './features/meetings/components/AttendancePage';
import { MeetingPage } from './features/meetings/components/MeetingPage';
import { MeetingsPage } from './features/meetings/components/MeetingsPage';
import { NotificationsPage } from './features/notifications/components/NotificationsPage';
import { ReportsPage } from './features/reports/components/ReportsPage';
import type { Route } from './router';
import type { Me } from './types';

/** Who is signed in and what their roles let them see. */
export interface Access {
  me: Me;
  isClinician: boolean;
  /** Coordinators and administrators. */
  isCoordinator: boolean;
  isAuditor: boolean;
  /** Clinicians and coordinators: the board's reports. */
  mayReport: boolean;
  /** The auditor API's roles (AUDITOR, ADMIN): provenance and "who saw". */
  mayAudit: boolean;
}

export function accessOf(me: Me): Access {
  const isClinician = me.roles.includes('CLINICIAN');
  const isCoordinator = me.roles.includes('COORDINATOR') || me.roles.includes('ADMIN');
  const isAuditor = me.roles.includes('AUDITOR');
  return {
    me,
    isClinician,
    isCoordinator,
    isAuditor,
    mayReport: isClinician || isCoordinator,
    mayAudit: isAuditor || me.roles.includes('ADMIN'),
  };
}

const meetsBoards = (access: Access): boolean => access.isCoordinator || access.isClinician;

/** The screens by hash route, first match wins; the last rows are each role's home. */
export const ROUTES: readonly Route<Access, ReactNode>[] = [
  { path: 'cases/new', allow: (access) => access.isCoordinator, render: ({ me }) => <CaseForm key="new" me={me} /> },
  {
    path: 'cases/:id/edit',
    allow: (access) => access.isCoordinator,
    render: ({ me }, { id }) => <CaseForm key={id} me={me} caseId={id} />,
  },
  {
    path: 'cases/:id',
    exact: true,
    allow: (_, { id }) => id !== 'new',
    render: ({ me }, { id = '' }) => <CaseView key={id} caseId={id} me={me} />,
  },
  {
    path: 'meeting/:id',
    exact: true,
    render: ({ me }, { id = '' }) => <MeetingMode key={id} meetingId={id} me={me} presenting={false} />,
  },
  {
    path: 'meeting/:id/:mode',
    render: ({ me }, { id = '', mode }) => (
      <MeetingMode key={id} meetingId={id} me={me} presenting={mode === 'present'} />
    ),
  },
  {
    path: 'meetings/:id/attendance',
    allow: meetsBoards,
    render: ({ me }, { id = '' }) => <AttendancePage key={id} meetingId={id} me={me} />,
  },
  {
    path: 'meetings/:id',
    exact: true,
    allow: meetsBoards,
    render: ({ me }, { id = '' }) => <MeetingPage key={id} meetingId={id} me={me} />,
  },
  { path: 'meetings', exact: true, allow: meetsBoards, render: ({ me }) => <MeetingsPage me={me} /> },
  { path: 'reports', allow: (access) => access.mayReport, render: ({ me }) => <ReportsPage me={me} /> },
  { path: 'notifications', render: () => <NotificationsPage /> },
  {
    path: 'audit/provenance/:id',
    allow: (access) => access.mayAudit,
    render: (_, { id = '' }) => <ProvenancePage key={id} recommendationId={id} />,
  },
  {
    path: 'audit/reads/:about/:id',
    allow: (access, { about }) => access.mayAudit && (about === 'patient' || about === 'case'),
    render: (_, { about, id = '' }) => (
      <WhoSawPage key={`${about}-${id}`} about={about === 'patient' ? 'patient' : 'case'} id={id} />
    ),
  },
  { path: 'audit', allow: (access) => access.isAuditor, render: () => <AuditPage /> },
  { path: '', allow: (access) => access.isCoordinator, render: ({ me }) => <CoordinatorHome me={me} /> },
  { path: '', allow: (access) => access.isClinician, render: ({ me }) => <ClinicianHome me={me} /> },
  { path: '', allow: (access) => access.isAuditor, render: () => <AuditPage /> },
  { path: '', render: () => <p>No screen for your role yet.</p> },
];
