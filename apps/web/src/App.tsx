import { useEffect, useState, type ReactNode } from 'react';
import { api, exchangeSignInCode, hasStoredSession, logout, messageOf, refresh } from './api';
import { SignIn } from './features/auth/components/SignIn';
import { OIDC_ERRORS, signInReturn } from './features/auth/sign-in-return';
import { navigate, resolveRoute, useRoute } from './router';
import { accessOf, ROUTES } from './routes';
import type { Me } from './types';

export function App(): ReactNode {
  const [me, setMe] = useState<Me | null>(null);
  const [returned] = useState(signInReturn);
  const [restoring, setRestoring] = useState(() => returned.code !== null || hasStoredSession());
  const [returnError, setReturnError] = useState<string | null>(
    returned.error ? (OIDC_ERRORS[returned.error] ?? 'Sign-in failed.') : null,
  );

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

function Shell({ me, onSignOut }: { me: Me; onSignOut: () => void }): ReactNode {
  const route = useRoute();
  const { isClinician, isCoordinator, isAuditor, mayReport } = accessOf(me);
  const page = resolveRoute(ROUTES, route, accessOf(me));

  return (
    <>
      <a
        className="skip"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
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
