import { hashPassword, passwordProblems, verifyPassword } from './password';

describe('password rules (Fleet’s)', () => {
  it.each(['correct-horse-9', 'Zebra!Battery7x', '12345678901!'])('accepts %j', (pw) => {
    expect(passwordProblems(pw)).toEqual([]);
  });

  it.each([
    ['short1!', 'must be 12 to 48 characters'],
    ['nodigitsatall!!', 'must contain at least one number'],
    ['nosymbols12345', 'must contain at least one symbol'],
    [`${'a'.repeat(47)}1!`, 'must be 12 to 48 characters'],
  ])('refuses %j (%s)', (pw, reason) => {
    const problems = passwordProblems(pw, 'new_password');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toEqual({ name: 'new_password', reason: expect.stringContaining(reason) });
  });
});

describe('password hashing', () => {
  it('stores argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('correct-horse-9');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct-horse-9')).toBe(true);
    expect(await verifyPassword(stored, 'correct-horse-8')).toBe(false);
  });

  it('never matches without a stored hash, or with a corrupt one', async () => {
    expect(await verifyPassword(null, 'flotilla-timing-equaliser-1!')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
});
