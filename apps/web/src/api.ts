/**
 * The API client: the access token lives in memory only; the refresh token in sessionStorage
 * (it survives a reload of this tab, not the closing of it). A 401 triggers one refresh, then
 * one retry. Refresh tokens are single use, so concurrent 401s share one refresh.
 */
import type { paths } from './api-schema';

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

/** Why the API refused (its problem `detail` when it has one), or the message of anything else caught. */
export function refusalOf(caught: unknown): string {
  return caught instanceof ApiError ? (caught.detail ?? caught.message) : messageOf(caught);
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
    const message = errors.length
      ? errors.map((error) => error.message).join('; ')
      : (body.detail ?? body.title ?? `HTTP ${response.status}`);
    return new ApiError(response.status, message, errors, body.detail ?? null);
  } catch {
    return new ApiError(response.status, `HTTP ${response.status}`);
  }
}

export async function login(email: string, password: string): Promise<void> {
  const response = await fetch('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok)
    throw new ApiError(
      response.status,
      response.status === 401 ? 'E-mail or password is not correct.' : (await problemError(response)).message,
    );
  storeTokens((await response.json()) as TokenPair);
}

/** Exchanges the stored refresh token for a new pair; false when there is none or it is dead. */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const token = sessionStorage.getItem(REFRESH_KEY);
    if (!token) return false;
    const response = await fetch('/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: token }),
    });
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

/**
 * Ends the session; answers the identity provider's end-session URL when the session began
 * there (the caller sends the browser to it), null otherwise.
 */
export async function logout(): Promise<string | null> {
  const token = sessionStorage.getItem(REFRESH_KEY);
  clearSession();
  if (!token) return null;
  const response = await fetch('/auth/sign-out', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: token }),
  });
  if (!response.ok) return null;
  return ((await response.json()) as { endSessionUrl: string | null }).endSessionUrl;
}

export interface SignInOptions {
  passwordLogin: boolean;
  providers: { id: string; label: string; loginUrl: string }[];
}

/** How this deployment signs in (asked before anyone is signed in). */
export async function signInOptions(): Promise<SignInOptions> {
  const response = await fetch('/auth/sign-in-options', { headers: { accept: 'application/json' } });
  if (!response.ok) throw await problemError(response);
  return (await response.json()) as SignInOptions;
}

const RETURN_KEY = 'consilium.returnTo';

/** Before leaving for the identity provider: the screen to come back to. */
export function rememberReturn(hash: string): void {
  if (hash && !hash.startsWith('#/signin')) sessionStorage.setItem(RETURN_KEY, hash);
}

/** Trades the one-time code of an identity-provider sign-in for our tokens; answers the screen to go back to. */
export async function exchangeSignInCode(code: string): Promise<string> {
  const response = await fetch('/auth/oidc/exchange', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  if (!response.ok)
    throw new ApiError(
      response.status,
      response.status === 401
        ? 'The sign-in link has expired or was already used. Sign in again.'
        : (await problemError(response)).message,
    );
  storeTokens((await response.json()) as TokenPair);
  const back = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  return back?.replace(/^#/, '') ?? '/';
}

export type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

type Absent<T> = [NonNullable<T>] extends [never] ? true : false;

/** The API's path templates ('/cases/{id}') that answer `method`, from the generated `paths`. */
export type PathOf<M extends Method> = {
  [P in keyof paths]: Absent<paths[P][Lowercase<M>]> extends true ? never : P;
}[keyof paths];

type Operation<M extends Method, P extends PathOf<M>> = NonNullable<paths[P][Lowercase<M>]>;
type Responses<M extends Method, P extends PathOf<M>> = Operation<M, P> extends { responses: infer R } ? R : never;
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : undefined;

/** The JSON body of the operation's success answer (undefined for 204). */
export type ResponseOf<M extends Method, P extends PathOf<M>> = JsonOf<
  Responses<M, P>[Extract<keyof Responses<M, P>, 200 | 201 | 204>]
>;

/** The operation's JSON request body. */
export type BodyOf<M extends Method, P extends PathOf<M>> =
  Operation<M, P> extends { requestBody?: infer B } ? (Absent<B> extends true ? never : JsonOf<NonNullable<B>>) : never;

type ParametersOf<M extends Method, P extends PathOf<M>> = Operation<M, P> extends { parameters: infer Q } ? Q : never;
type PathParamsOf<M extends Method, P extends PathOf<M>> = ParametersOf<M, P> extends { path?: infer T } ? T : never;
type QueryOf<M extends Method, P extends PathOf<M>> = ParametersOf<M, P> extends { query?: infer T } ? T : never;

/** What a call needs besides method and path: the template's parameters, the query, the body. */
export type RequestOptions<M extends Method, P extends PathOf<M>> = (Absent<PathParamsOf<M, P>> extends true
  ? { path?: undefined }
  : { path: NonNullable<PathParamsOf<M, P>> }) &
  (Absent<QueryOf<M, P>> extends true
    ? { query?: undefined }
    : object extends NonNullable<QueryOf<M, P>>
      ? { query?: NonNullable<QueryOf<M, P>> }
      : { query: NonNullable<QueryOf<M, P>> }) &
  ([BodyOf<M, P>] extends [never] ? { body?: undefined } : { body: BodyOf<M, P> }) & {
    /** Extra request headers (If-Match). */
    headers?: Record<string, string>;
  };

type OptionsArgument<M extends Method, P extends PathOf<M>> =
  object extends RequestOptions<M, P> ? [options?: RequestOptions<M, P>] : [options: RequestOptions<M, P>];

/** The URL of `template` with its `{name}` parameters filled in and the query appended (undefined values left out). */
export function urlOf(
  template: string,
  path?: Record<string, string | number>,
  query?: Record<string, unknown>,
): string {
  const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = path?.[name];
    if (value === undefined) throw new Error(`${template}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const each of Array.isArray(value) ? value : [value])
      if (each !== undefined && each !== null) search.append(key, String(each));
  }
  const text = search.toString();
  return text ? `${filled}?${text}` : filled;
}

/**
 * Calls the API, typed by the generated OpenAPI `paths`: `api('GET', '/cases/{id}', { path: { id } })`
 * answers a CaseDto, and the body of a PUT or POST is checked against its DTO.
 */
export async function api<M extends Method, P extends PathOf<M>>(
  method: M,
  path: P,
  ...[options]: OptionsArgument<M, P>
): Promise<ResponseOf<M, P>> {
  return (await apiWithHeaders<M, P>(method, path, ...([options] as OptionsArgument<M, P>))).data;
}

/** The URL of the next page in an RFC 8288 Link header (rel="next"), or null. */
export function nextLinkOf(link: string | null): string | null {
  return /<([^>]+)>;\s*rel="next"/.exec(link ?? '')?.[1] ?? null;
}

/** As `api`, with extra request headers (If-Match), the response's ETag and the next page's URL (Link). */
export async function apiWithHeaders<M extends Method, P extends PathOf<M>>(
  method: M,
  path: P,
  ...[options]: OptionsArgument<M, P>
): Promise<{ data: ResponseOf<M, P>; etag: string | null; next: string | null }> {
  const given = (options ?? {}) as {
    path?: Record<string, string | number>;
    query?: Record<string, unknown>;
    body?: unknown;
    headers?: Record<string, string>;
  };
  const headers: Record<string, string> = { accept: 'application/json', ...given.headers };
  if (given.body !== undefined) headers['content-type'] = 'application/json';
  const response = await authorizedFetch(urlOf(path, given.path, given.query), {
    method,
    headers,
    body: given.body === undefined ? undefined : JSON.stringify(given.body),
  });
  if (!response.ok) throw await problemError(response);
  const etag = response.headers.get('etag');
  const next = nextLinkOf(response.headers.get('link'));
  if (response.status === 204) return { data: undefined as ResponseOf<M, P>, etag, next };
  return { data: (await response.json()) as ResponseOf<M, P>, etag, next };
}

/** The next page of a paged GET, from the URL its Link header gave: the same JSON type as the first page. */
export async function apiNextPage<T>(url: string): Promise<{ data: T; next: string | null }> {
  const response = await authorizedFetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw await problemError(response);
  return { data: (await response.json()) as T, next: nextLinkOf(response.headers.get('link')) };
}

/**
 * The screen a request comes from, named for the audit trail ("who saw this patient" tells the
 * case view from the agenda and meeting mode): from the hash route, never from data.
 */
export function screenOf(hash: string): string {
  const [section, id, action] = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (section === 'cases' && id === 'new') return 'case-intake';
  if (section === 'cases' && action === 'edit') return 'case-edit';
  if (section === 'cases' && id) return 'case-view';
  if (section === 'meeting' && id) return 'meeting-mode';
  if (section === 'meetings' && action === 'attendance') return 'attendance';
  if (section === 'audit' && id === 'provenance') return 'provenance';
  if (section === 'audit') return 'audit';
  if (section === 'reports' || section === 'notifications') return section;
  return 'home';
}

/** fetch with the bearer token and one refresh on 401, for what `api` cannot read (event streams, files). */
export async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const screen = { 'x-consilium-screen': screenOf(window.location.hash) };
  const send = (): Promise<Response> =>
    fetch(path, {
      ...init,
      headers: {
        ...screen,
        ...(init.headers as Record<string, string> | undefined),
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
    });
  const response = await send();
  if (response.status !== 401 || !(await refresh())) return response;
  await response.body?.cancel();
  return send();
}

/** A file from the API (a page of an export): fetched with the bearer token, with the next page's path. */
export async function apiDownload(path: string): Promise<{ text: string; next: string | null }> {
  const response = await authorizedFetch(path);
  if (!response.ok) throw await problemError(response);
  // RFC 8288 Link header: the next page of a paged export.
  return { text: await response.text(), next: nextLinkOf(response.headers.get('link')) };
}
