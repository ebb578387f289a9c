import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'check-commit-subjects.mjs');

/** A git environment that reads no user or system configuration. */
const gitEnv = (home: string): NodeJS.ProcessEnv => ({
  ...process.env,
  HOME: home,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@consilium.test',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@consilium.test',
});

describe('check-commit-subjects', () => {
  let dir: string;
  let repo: string;
  let env: NodeJS.ProcessEnv;
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
  const commit = (subject: string): string => {
    git(repo, 'commit', '--quiet', '--allow-empty', '-m', subject, '-m', 'A body line.');
    return git(repo, 'rev-parse', 'HEAD');
  };
  const check = (cwd: string, base: string): { status: number | null; stdout: string; stderr: string } => {
    const run = spawnSync(process.execPath, [SCRIPT, '--base', base], { cwd, env, encoding: 'utf8' });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'subjects-'));
    repo = join(dir, 'repo');
    env = gitEnv(dir);
    execFileSync('git', ['init', '--quiet', repo], { env });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes subjects under 72 characters and ignores the history before the base', () => {
    commit(`Old subject that was far too long ${'x'.repeat(80)}`);
    const base = commit('Base');
    commit('a'.repeat(71));
    // 71 characters, 72 UTF-16 units: characters are counted as a reader sees them.
    commit(`Résumé 😀 ${'b'.repeat(62)}`);
    expect(check(repo, base)).toMatchObject({ status: 0, stderr: '' });
  });

  it('refuses a subject of 72 characters or more, naming the commit', () => {
    const base = commit('Base');
    commit('Short subject');
    const long = commit('c'.repeat(72));
    const longer = commit(`Longer: ${'d'.repeat(90)}`);
    const result = check(repo, base);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('2 commit subject(s) of 72 characters or more');
    expect(result.stderr).toContain(`${long.slice(0, 7)} (72) ${'c'.repeat(72)}`);
    expect(result.stderr).toContain(`${longer.slice(0, 7)} (98) Longer:`);
    expect(result.stderr).not.toContain('Short subject');
  });

  it('skips with a reason when the base is not in the clone (a shallow clone)', () => {
    const base = commit('Base');
    commit('e'.repeat(80));
    const shallow = join(dir, 'shallow');
    execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${repo}`, shallow], { env });
    const result = check(shallow, base);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`skipped: base commit ${base} is not in this clone`);
    // The full clone of the same history is checked.
    expect(check(repo, base).status).toBe(1);
  });
});
