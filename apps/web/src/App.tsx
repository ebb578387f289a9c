import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, hasStoredSession, login, logout, messageOf, refresh } from './api';
import { ErrorMessage } from './components';
import { AttendancePage } from './pages/AttendancePage';
import { AuditPage } from './pages/AuditPage';
import { CaseForm } from './pages/CaseForm';
import { CaseView } from './pages/CaseView';
import { CoordinatorHome } from './pages/CoordinatorHome';
import { MeetingMode } from './pages/MeetingMode';
import { MeetingPage, MeetingsPage } from './pages/MeetingsPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { ClinicianHome } from './pages/ClinicianHome';
import { ReportsPage } from './pages/ReportsPage';
import { navigate, useRoute } from './router';
import type { Me } from './types';

export function App(): ReactNode {
  const [me, setMe] = useState<Me | null>(null);
  const [restoring, setRestoring] = useState(hasStoredSession);

  useEffect(() => {
    if (!restoring) return;
    refresh()
      .then(async (ok) => (ok ? setMe(await api('GET', '/auth/me')) : undefined))
      .catch(() => undefined)
      .finally(() => setRestoring(false));
  }, [restoring]);

  if (restoring) return <p className="page">Restoring your session…</p>;
  if (!me) return <SignIn onSignedIn={setMe} />;
  return (
    <Shell
      me={me}
      onSignOut={() => {
        void logout().finally(() => {
          setMe(null);
          navigate('/');
        });
      }}
    />
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }): ReactNode {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email, password);
      onSignedIn(await api('GET', '/auth/me'));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <h1>Consilium</h1>
      <p>Multidisciplinary tumor board</p>
      <form onSubmit={(event) => void submit(event)}>
        <label htmlFor="email">E-mail</label>
        <input id="email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        <label htmlFor="password">Password</label>
        <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

function Shell({ me, onSignOut }: { me: Me; onSignOut: () => void }): ReactNode {
  const route = useRoute();
  const isClinician = me.roles.includes('CLINICIAN');
  const isCoordinator = me.roles.includes('COORDINATOR') || me.roles.includes('ADMIN');
  const isAuditor = me.roles.includes('AUDITOR');
  const mayReport = isClinician || isCoordinator;

  let page: ReactNode;
  const [section, id, action] = route;
  if (section === 'cases' && id === 'new' && isCoordinator) page = <CaseForm key="new" me={me} />;
  else if (section === 'cases' && id && action === 'edit' && isCoordinator) page = <CaseForm key={id} me={me} caseId={id} />;
  else if (section === 'cases' && id && id !== 'new' && !action) page = <CaseView key={id} caseId={id} me={me} />;
  else if (section === 'meeting' && id) page = <MeetingMode key={id} meetingId={id} me={me} presenting={action === 'present'} />;
  else if (section === 'meetings' && id && action === 'attendance' && (isCoordinator || isClinician)) page = <AttendancePage key={id} meetingId={id} me={me} />;
  else if (section === 'meetings' && id && !action && (isCoordinator || isClinician)) page = <MeetingPage key={id} meetingId={id} me={me} />;
  else if (section === 'meetings' && !id && (isCoordinator || isClinician)) page = <MeetingsPage me={me} />;
  else if (section === 'reports' && mayReport) page = <ReportsPage me={me} />;
  else if (section === 'notifications') page = <NotificationsPage />;
  else if (section === 'audit' && isAuditor) page = <AuditPage />;
  else if (isCoordinator) page = <CoordinatorHome me={me} />;
  else if (isClinician) page = <ClinicianHome me={me} />;
  else if (isAuditor) page = <AuditPage />;
  else page = <p>No screen for your role yet.</p>;

  return (
    <>
      <a className="skip" href="#main" onClick={(event) => {
        event.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Consilium</span>
        <nav aria-label="Main">
          <a href="#/">Home</a>
          {isCoordinator || isClinician ? <a href="#/meetings">Meetings</a> : null}
          {isClinician ? <a href="#/notifications">Notifications</a> : null}
          {mayReport ? <a href="#/reports">Reports</a> : null}
          {isAuditor ? <a href="#/audit">Audit trail</a> : null}
        </nav>
        <span className="who" title={`${me.displayName} (${me.roles.map((role) => role.toLowerCase()).join(', ')})`}>
          {me.displayName}
          <span className="roles"> ({me.roles.map((role) => role.toLowerCase()).join(', ')})</span>
        </span>
        <button type="button" className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}
