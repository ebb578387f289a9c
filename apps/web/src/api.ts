/**
 * The API client: the access token lives in memory only; the refresh token in sessionStorage
 * (it survives a reload of this tab, not the closing of it). A 401 triggers one refresh, then
 * one retry. Refresh tokens are single use, so concurrent 401s share one refresh.
 */
const REFRESH_KEY = 'consilium.refreshToken';

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The problem's per-field errors (400s and some 409s), empty when it has none. */
    readonly errors: FieldError[] = [],
    /** The problem's `detail`, when it has one. */
    readonly detail: string | null = null,
  ) {
    super(message);
  }
}

/** The message of anything caught: the API's message for an ApiError. */
export function messageOf(caught: unknown): string {
  return caught instanceof Error ? caught.message : String(caught);
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

async function problemError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { detail?: string; title?: string; errors?: FieldError[] };
    const errors = Array.isArray(body.errors) ? body.errors : [];
    const message = errors.length ? errors.map((error) => error.message).join('; ') : (body.detail ?? body.title ?? `HTTP ${response.status}`);
    return new ApiError(response.status, message, errors, body.detail ?? null);
  } catch {
    return new ApiError(response.status, `HTTP ${response.status}`);
  }
}

async function problemMessage(response: Response): Promise<string> {
  return (await problemError(response)).message;
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
  return (await apiWithHeaders<T>(method, path, body)).data;
}

/** As `api`, with extra request headers (If-Match) and the response's ETag. */
export async function apiWithHeaders<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<{ data: T; etag: string | null }> {
  const send = (): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  };
  let response = await send();
  if (response.status === 401 && (await refresh())) response = await send();
  if (!response.ok) throw await problemError(response);
  const etag = response.headers.get('etag');
  if (response.status === 204) return { data: undefined as T, etag };
  return { data: (await response.json()) as T, etag };
}

/** fetch with the bearer token and one refresh on 401, for what `api` cannot read (event streams, files). */
export async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const send = (): Promise<Response> => fetch(path, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}) } });
  const response = await send();
  if (response.status !== 401) return response;
  await response.body?.cancel();
  return (await refresh()) ? send() : response;
}

/** A file from the API (an export): fetched with the bearer token, handed back as a Blob. */
export async function apiDownload(path: string): Promise<Blob> {
  const response = await authorizedFetch(path);
  if (!response.ok) throw await problemError(response);
  return response.blob();
}
