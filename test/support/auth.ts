import { request } from 'node:http';

export interface Session {
  accessToken: string;
  refreshToken: string;
}

/**
 * POST of a JSON body from a chosen loopback address (127.x.y.z: Linux routes all of 127/8 to
 * the loopback interface), so a test can be several clients; fetch cannot bind its socket.
 */
export function postFrom(
  localAddress: string,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: unknown }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: text ? (JSON.parse(text) as unknown) : undefined,
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify(body));
  });
}

/** Signs in over HTTP (POST /auth/login) and returns the tokens; throws on anything but 200. */
export async function login(baseUrl: string, email: string, password: string): Promise<Session> {
  const response = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200)
    throw new Error(`login of ${email} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Session;
}

/** Fetch with a bearer token and JSON body. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (CSV, calendar): keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

/** If-Match for an edit of the recommendation: the ETag its GET answers now (throws if it has none). */
export async function recommendationIfMatch(
  baseUrl: string,
  recommendationId: string,
  token: string,
): Promise<{ 'if-match': string }> {
  const found = await call(baseUrl, 'GET', `/recommendations/${recommendationId}`, { token });
  const etag = found.headers.get('etag');
  if (found.status !== 200 || !etag)
    throw new Error(`GET /recommendations/${recommendationId} answered ${found.status} without an ETag`);
  return { 'if-match': etag };
}
