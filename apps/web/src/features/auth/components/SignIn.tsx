import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, login, messageOf, rememberReturn, signInOptions, type SignInOptions } from '../../../api';
import { ErrorMessage } from '../../../components';
import type { Me } from '../../../types';

export function SignIn({
  onSignedIn,
  returnError,
}: {
  onSignedIn: (me: Me) => void;
  returnError: string | null;
}): ReactNode {
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
            <a
              key={provider.id}
              className="button"
              href={provider.loginUrl}
              onClick={() => rememberReturn(window.location.hash)}
            >
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
          <input
            id="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
          <label htmlFor="password">Password</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <ErrorMessage error={error} />
          <button type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      ) : null}
    </main>
  );
}
