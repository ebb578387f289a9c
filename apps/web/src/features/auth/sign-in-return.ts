/** What the API's callback put in the URL after an identity-provider sign-in: #/signin?oidc=<code> or ?oidcError=<reason>. */
export function signInReturn(): { code: string | null; error: string | null } {
  if (!window.location.hash.startsWith('#/signin?')) return { code: null, error: null };
  const query = new URLSearchParams(window.location.hash.slice('#/signin?'.length));
  if (query.get('oidcError')) window.history.replaceState(null, '', '#/');
  return { code: query.get('oidc'), error: query.get('oidcError') };
}

/** The words for the callback's error codes. */
export const OIDC_ERRORS: Record<string, string> = {
  expired: 'The sign-in took too long or was already used. Please sign in again.',
  cancelled: 'Sign-in was cancelled at the identity provider.',
  refused:
    "The identity provider's answer could not be verified. Please try again; if it keeps failing, tell your administrator.",
  'no-access':
    "Your account at the identity provider gives no access to Consilium. Ask your administrator to add you to a board's group.",
  deactivated: 'Your Consilium account is deactivated. Ask your administrator.',
  unavailable: 'The identity provider cannot be reached. Please try again later.',
};
