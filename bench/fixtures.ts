/** The data shapes the benchmarks run on. */

/** fast-redact's own benchmark shape. */
export const smallObject = (): Record<string, unknown> => ({ a: { b: { c: 's' } }, d: { e: { f: 's' } } });

/** 100 users, about 17.6 KB of JSON. */
export const largeObject = (): { users: Record<string, unknown>[] } => ({
  users: Array.from({ length: 100 }, (_, id) => ({
    id,
    name: `User Number ${id}`,
    email: `user${id}@example.com`,
    password: `p4ssw0rd-${id}-secret`,
    profile: {
      age: 20 + (id % 50),
      bio: 'Loves hiking and reading.',
      preferences: { theme: id % 2 === 0 ? 'dark' : 'light', apiKey: `key-${id}-abcdefghij`, language: 'en-US' },
    },
    tags: ['member', id % 3 === 0 ? 'vip' : 'regular'],
  })),
});
