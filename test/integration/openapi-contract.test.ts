import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { routeCatalog } from '../../apps/api/src/common/openapi/route-catalog';
import { openApiPath } from '../../apps/api/src/openapi';
import { ROOT } from '../support/constants';
import { documentedApp, type DocumentedApp } from '../support/openapi';

interface LintProblem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly location: { pointer?: string }[];
}

/** `redocly lint --extends recommended` on `file`, offline (no telemetry, no update check). */
function redoclyLint(file: string): Promise<LintProblem[]> {
  const cli = join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  return new Promise((resolve, reject) => {
    // Exit code 1 means "errors found": the JSON report on stdout says which.
    execFile(
      process.execPath,
      [cli, 'lint', '--extends', 'recommended', '--format', 'json', file],
      { env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        try {
          resolve((JSON.parse(stdout) as { problems: LintProblem[] }).problems);
        } catch (cause) {
          reject(new Error(`redocly lint failed: ${String(error)} ${stderr}`, { cause }));
        }
      },
    );
  });
}

const describeProblem = (problem: LintProblem): string =>
  `${problem.ruleId} at ${problem.location[0]?.pointer ?? '?'}: ${problem.message}`;

describe('the OpenAPI document (/docs-json)', () => {
  let api: DocumentedApp;
  let document: OpenAPIObject;

  beforeAll(async () => {
    api = await documentedApp('openapi_contract');
    document = api.document;
  });

  afterAll(() => api.close());

  it('is a valid OpenAPI document (swagger-parser)', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('passes redocly lint with the recommended rules at 0 errors', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'openapi-'));
    try {
      await writeFile(join(directory, 'openapi.json'), JSON.stringify(document));
      const problems = await redoclyLint(join(directory, 'openapi.json'));
      expect(problems.filter((problem) => problem.severity === 'error').map(describeProblem)).toEqual([]);
      const warnings = problems.filter((problem) => problem.severity === 'warn').map(describeProblem);
      console.info(`redocly lint: ${warnings.length} warnings\n${warnings.join('\n')}`);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('declares the security, roles and refusals the guards enforce, on every route', () => {
    const wrong: string[] = [];
    for (const route of routeCatalog(api.app)) {
      const operation = document.paths[openApiPath(route.path)]?.[route.method.toLowerCase() as 'get'] as
        (OperationObject & { 'x-roles'?: string[] }) | undefined;
      const name = `${route.method} ${route.path}`;
      if (!operation) {
        wrong.push(`${name}: not documented`);
        continue;
      }
      const expected = route.isPublic ? [] : [{ bearer: [] }];
      if (JSON.stringify(operation.security) !== JSON.stringify(expected))
        wrong.push(`${name}: security ${JSON.stringify(operation.security)}`);
      if (!operation.summary) wrong.push(`${name}: no summary`);
      if (!route.isPublic && !operation.responses['401']) wrong.push(`${name}: no 401`);
      if (
        route.roles.length > 0 &&
        !(operation.responses['403'] && JSON.stringify(operation['x-roles']) === JSON.stringify(route.roles))
      )
        wrong.push(`${name}: roles not documented`);
      if ((route.scope ?? route.owned) && !operation.responses['404']) wrong.push(`${name}: no 404`);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (
          Number(status) >= 400 &&
          !(response && 'content' in response && response.content?.['application/problem+json'])
        )
          wrong.push(`${name}: ${status} without problem+json`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
