/**
 * The API client: the access token lives in memory only; the refresh token in sessionStorage
 * (it survives a reload of this tab, not the closing of it). A 401 triggers one refresh, then
 * one retry. Refresh tokens are single use, so concurrent 401s share one refresh.
 */
const REFRESH_KEY = 'consilium.refreshToken';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;

function storeTokens(pair: TokenPair): void {
  accessToken = pair.accessToken;
  sessionStorage.setItem(REFRESH_KEY, pair.refreshToken);
}

export function clearSession(): void {
  accessToken = null;
  sessionStorage.removeItem(REFRESH_KEY);
}

export function hasStoredSession(): boolean {
  return sessionStorage.getItem(REFRESH_KEY) !== null;
}

async function problemMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { detail?: string; title?: string; errors?: { field: string; message: string }[] };
    if (body.errors?.length) return body.errors.map((error) => error.message).join('; ');
    return body.detail ?? body.title ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

export async function login(email: string, password: string): Promise<void> {
  const response = await fetch('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!response.ok) throw new ApiError(response.status, response.status === 401 ? 'E-mail or password is not correct.' : await problemMessage(response));
  storeTokens((await response.json()) as TokenPair);
}

/** Exchanges the stored refresh token for a new pair; false when there is none or it is dead. */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const token = sessionStorage.getItem(REFRESH_KEY);
    if (!token) return false;
    const response = await fetch('/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: token }) });
    if (!response.ok) {
      clearSession();
      return false;
    }
    storeTokens((await response.json()) as TokenPair);
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export async function logout(): Promise<void> {
  const token = sessionStorage.getItem(REFRESH_KEY);
  clearSession();
  if (token) await fetch('/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: token }) });
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const send = (): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  };
  let response = await send();
  if (response.status === 401 && (await refresh())) response = await send();
  if (!response.ok) throw new ApiError(response.status, await problemMessage(response));
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
