import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, exchangeSignInCode, hasStoredSession, login, logout, messageOf, refresh, rememberReturn, signInOptions, type SignInOptions } from './api';
import { ErrorMessage } from './components';
import { AttendancePage } from './features/meetings/components/AttendancePage';
import { AuditPage } from './features/audit/components/AuditPage';
import { CaseForm } from './features/cases/components/CaseForm';
import { CaseView } from './features/cases/components/CaseView';
import { CoordinatorHome } from './features/home/components/CoordinatorHome';
import { MeetingMode } from './features/meeting-mode/components/MeetingMode';
import { MeetingPage, MeetingsPage } from './features/meetings/components/MeetingsPage';
import { NotificationsPage } from './features/notifications/components/NotificationsPage';
import { ClinicianHome } from './features/home/components/ClinicianHome';
import { ProvenancePage } from './features/audit/components/ProvenancePage';
import { ReportsPage } from './features/reports/components/ReportsPage';
import { WhoSawPage } from './features/audit/components/WhoSawPage';
import { navigate, useRoute } from './router';
import type { Me } from './types';

/** What the API's callback put in the URL after an identity-provider sign-in: #/signin?oidc=<code> or ?oidcError=<reason>. */
function signInReturn(): { code: string | null; error: string | null } {
  if (!window.location.hash.startsWith('#/signin?')) return { code: null, error: null };
  const query = new URLSearchParams(window.location.hash.slice('#/signin?'.length));
  if (query.get('oidcError')) window.history.replaceState(null, '', '#/');
  return { code: query.get('oidc'), error: query.get('oidcError') };
}

/** The words for the callback's error codes. */
const OIDC_ERRORS: Record<string, string> = {
  expired: 'The sign-in took too long or was already used. Please sign in again.',
  cancelled: 'Sign-in was cancelled at the identity provider.',
  refused: "The identity provider's answer could not be verified. Please try again; if it keeps failing, tell your administrator.",
  'no-access': "Your account at the identity provider gives no access to Consilium. Ask your administrator to add you to a board's group.",
  deactivated: 'Your Consilium account is deactivated. Ask your administrator.',
  unavailable: 'The identity provider cannot be reached. Please try again later.',
};

export function App(): ReactNode {
  const [me, setMe] = useState<Me | null>(null);
  const [returned] = useState(signInReturn);
  const [restoring, setRestoring] = useState(() => returned.code !== null || hasStoredSession());
  const [returnError, setReturnError] = useState<string | null>(returned.error ? (OIDC_ERRORS[returned.error] ?? 'Sign-in failed.') : null);

  useEffect(() => {
    if (!restoring) return;
    // Back from the identity provider: trade the one-time code, then go where the user was.
    const restore = returned.code
      ? exchangeSignInCode(returned.code).then(async (back) => {
          // Replaced, not pushed: the used code does not stay in the history.
          window.history.replaceState(null, '', `#${back}`);
          setMe(await api('GET', '/auth/me'));
        })
      : refresh().then(async (ok) => (ok ? setMe(await api('GET', '/auth/me')) : undefined));
    restore
      .catch((caught: unknown) => {
        if (returned.code) setReturnError(messageOf(caught));
      })
      .finally(() => setRestoring(false));
  }, [restoring, returned]);

  if (restoring) return <p className="page">Restoring your session…</p>;
  if (!me) return <SignIn onSignedIn={setMe} returnError={returnError} />;
  return (
    <Shell
      me={me}
      onSignOut={() => {
        void logout().then((endSessionUrl) => {
          setMe(null);
          // A session from the identity provider ends there too (it comes back to this app).
          if (endSessionUrl) window.location.assign(endSessionUrl);
          else navigate('/');
        });
      }}
    />
  );
}

function SignIn({ onSignedIn, returnError }: { onSignedIn: (me: Me) => void; returnError: string | null }): ReactNode {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(returnError);
  const [busy, setBusy] = useState(false);
  const [options, setOptions] = useState<SignInOptions | null>(null);

  useEffect(() => {
    signInOptions()
      .then(setOptions)
      // Without the options the password form still works (the API answers for itself).
      .catch(() => setOptions({ passwordLogin: true, providers: [] }));
  }, []);

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
      {options?.providers.length ? (
        <div className="providers">
          {options.providers.map((provider) => (
            // A navigation, not a fetch: the provider's pages are full pages of their own.
            <a key={provider.id} className="button" href={provider.loginUrl} onClick={() => rememberReturn(window.location.hash)}>
              Sign in with {provider.label}
            </a>
          ))}
        </div>
      ) : null}
      {options && !options.passwordLogin ? <ErrorMessage error={error} /> : null}
      {!options || options.passwordLogin ? (
        <form onSubmit={(event) => void submit(event)}>
          {options?.providers.length ? <p className="or">or with your Consilium password</p> : null}
          <label htmlFor="email">E-mail</label>
          <input id="email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
          <label htmlFor="password">Password</label>
          <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
          <ErrorMessage error={error} />
          <button type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      ) : null}
    </main>
  );
}

function Shell({ me, onSignOut }: { me: Me; onSignOut: () => void }): ReactNode {
  const route = useRoute();
  const isClinician = me.roles.includes('CLINICIAN');
  const isCoordinator = me.roles.includes('COORDINATOR') || me.roles.includes('ADMIN');
  const isAuditor = me.roles.includes('AUDITOR');
  const mayReport = isClinician || isCoordinator;
  /** The auditor API's roles (AUDITOR, ADMIN): provenance and "who saw". */
  const mayAudit = isAuditor || me.roles.includes('ADMIN');

  let page: ReactNode;
  const [section, id, action, subject] = route;
  if (section === 'cases' && id === 'new' && isCoordinator) page = <CaseForm key="new" me={me} />;
  else if (section === 'cases' && id && action === 'edit' && isCoordinator) page = <CaseForm key={id} me={me} caseId={id} />;
  else if (section === 'cases' && id && id !== 'new' && !action) page = <CaseView key={id} caseId={id} me={me} />;
  else if (section === 'meeting' && id) page = <MeetingMode key={id} meetingId={id} me={me} presenting={action === 'present'} />;
  else if (section === 'meetings' && id && action === 'attendance' && (isCoordinator || isClinician)) page = <AttendancePage key={id} meetingId={id} me={me} />;
  else if (section === 'meetings' && id && !action && (isCoordinator || isClinician)) page = <MeetingPage key={id} meetingId={id} me={me} />;
  else if (section === 'meetings' && !id && (isCoordinator || isClinician)) page = <MeetingsPage me={me} />;
  else if (section === 'reports' && mayReport) page = <ReportsPage me={me} />;
  else if (section === 'notifications') page = <NotificationsPage />;
  else if (section === 'audit' && id === 'provenance' && action && mayAudit) page = <ProvenancePage key={action} recommendationId={action} />;
  else if (section === 'audit' && id === 'reads' && (action === 'patient' || action === 'case') && subject && mayAudit) page = <WhoSawPage key={`${action}-${subject}`} about={action} id={subject} />;
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
