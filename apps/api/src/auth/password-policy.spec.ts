import { passwordProblems } from './password-policy';

describe(passwordProblems.name, () => {
  it.each([
    ['short1!', 'at least 12'],
    ['x'.repeat(129), 'at most 128'],
    ['qwerty123456', 'too common'],
    ['1q2w3e4r5t6y', 'too common'],
    ['Password123456!', 'too common'],
    ['iloveyou2026!!', 'too common'],
  ])('refuses %s (%s)', (password, expected) => {
    expect(passwordProblems(password).join(' ')).toContain(expected);
  });

  it.each(['correct horse battery staple', 'Demo-Coordinator-Passw0rd', 'x'.repeat(128), 'tumour-board-42-wednesday'])(
    'accepts %s',
    (password) => {
      expect(passwordProblems(password)).toEqual([]);
    },
  );

  it('refuses a password containing the e-mail name', () => {
    expect(passwordProblems('olga.oncologist-2026', { email: 'olga.oncologist@example.org' })).toContain(
      'password must not contain your e-mail name',
    );
  });
});
