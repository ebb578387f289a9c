import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ROOT } from '../support/constants';
import { documentedApp, type DocumentedApp } from '../support/openapi';

/** Success answers that are not JSON the client reads through `paths`: files, an event stream, a probe. */
const UNTYPED = new Set([
  'GET /audit/events/export.csv',
  'GET /audit/events/export.fhir',
  'GET /meetings/{id}/events',
  'GET /calendar/{token}.ics',
  'GET /health/live',
]);

/** Runs the generator (scripts/openapi-types.mjs, openapi-typescript's openapiTS + astToString) on `document`, in memory. */
function generate(document: OpenAPIObject): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['scripts/openapi-types.mjs', '--stdout'],
      { cwd: ROOT, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`generator failed: ${stderr}`, { cause: error })) : resolve(stdout),
    );
    child.stdin?.end(JSON.stringify(document));
  });
}

/** The first line where the texts part, or null when they are equal. */
function firstDifference(committed: string, generated: string): string | null {
  if (committed === generated) return null;
  const left = committed.split('\n');
  const right = generated.split('\n');
  const line = left.findIndex((text, index) => text !== right[index]);
  const at = line === -1 ? left.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(left[at] ?? '<end of file>')}, generated ${JSON.stringify(right[at] ?? '<end of file>')}`;
}

describe('the web client types (apps/web/src/api-schema.d.ts)', () => {
  let api: DocumentedApp;
  let document: OpenAPIObject;

  beforeAll(async () => {
    api = await documentedApp('openapi');
    document = api.document;
  });

  afterAll(() => api.close());

  it('describes the body of every JSON success answer', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
        const operation = item[method];
        if (!operation || UNTYPED.has(`${method.toUpperCase()} ${path}`)) continue;
        for (const [status, response] of Object.entries(operation.responses)) {
          if (/^2\d\d$/.test(status) && status !== '204' && !(response && 'content' in response && response.content))
            missing.push(`${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('match what openapi-typescript generates from the API now (after changing a DTO, run `npm run openapi`)', async () => {
    const [committed, generated] = await Promise.all([
      readFile(`${ROOT}/apps/web/src/api-schema.d.ts`, 'utf8'),
      generate(document),
    ]);
    expect(generated).toContain('"/cases/{id}/treatment-events"');
    expect(firstDifference(committed, generated)).toBeNull();
  });
});
