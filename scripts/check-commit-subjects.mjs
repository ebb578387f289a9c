#!/usr/bin/env node
// Refuses commit subjects of MAX_SUBJECT characters or more (issue 19: a short subject, a body
// for the why and the numbers). Only commits after BASE are checked: the history before it
// keeps its long subjects (rewriting it would break every clone). Run by `npm run lint`.
//   node scripts/check-commit-subjects.mjs [--base <commit>]
// CI clones the full history, so BASE..HEAD is known; in a shallow clone (BASE absent) or
// outside a git checkout the check is skipped with the reason printed.
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';

/** main's HEAD when the rule came in: every commit after it is checked. */
const BASE = '71823522edb7f03600a9705aaa8a107d81c3aa98';
const MAX_SUBJECT = 72;

const git = (...args) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** True when `git` runs `args` without error. */
function gitSucceeds(...args) {
  try {
    git(...args);
    return true;
  } catch {
    return false;
  }
}

/** Commits after `base` (`git log base..HEAD`), newest first, whose subject is too long. */
function longSubjects(base) {
  const log = git('log', '--format=%h%x00%s', `${base}..HEAD`);
  return log
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [hash = '', subject = ''] = line.split('\0');
      // Characters as a reader counts them (code points), not UTF-16 units.
      return { hash, subject, length: [...subject].length };
    })
    .filter(({ length }) => length >= MAX_SUBJECT);
}

function main() {
  const { values } = parseArgs({ options: { base: { type: 'string', default: BASE } } });
  const base = values.base;
  if (!gitSucceeds('rev-parse', '--git-dir')) {
    console.log('check-commit-subjects: skipped: not a git checkout');
    return 0;
  }
  if (!gitSucceeds('cat-file', '-e', `${base}^{commit}`)) {
    console.log(`check-commit-subjects: skipped: base commit ${base} is not in this clone (shallow clone?)`);
    return 0;
  }
  const long = longSubjects(base);
  if (long.length === 0) return 0;
  console.error(
    `check-commit-subjects: ${long.length} commit subject(s) of ${MAX_SUBJECT} characters or more; ` +
      `keep the subject under ${MAX_SUBJECT} and put the rest in the body (git rebase -i to reword):`,
  );
  for (const { hash, subject, length } of long) console.error(`  ${hash} (${length}) ${subject}`);
  return 1;
}

process.exitCode = main();
