import { DataMaskingInvalidPathError, DataMaskingUnsupportedTypeError } from '../../src';
import { compilePath } from '../../src/jsonpath/compile';
import { formatLocation } from '../../src/jsonpath/location';
import { parsePath } from '../../src/jsonpath/parse-path';
import { selectLocations } from '../../src/jsonpath/walk';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const doc = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword', price: 12.99, isbn: '0-553' },
      { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', price: 8.99, isbn: '0-395' },
      { category: 'fiction', author: 'J. R. R. Tolkien', title: 'Rings', price: 22.99, tags: ['epic', 'classic'] },
    ],
    bicycle: { color: 'red', price: 19.95 },
    'first-name': 'Ann',
    'b c': { 'x y': 1 },
  },
  max: 10,
  flags: { on: true, off: false, nothing: null, zero: 0 },
};

const select = (path: string): string[] => selectLocations(doc, compilePath(path)).map(formatLocation);

describe('path syntax', () => {
  it.each<[string, string[]]>([
    ['store.bicycle.color', ['$.store.bicycle.color']],
    ['$.store.bicycle.color', ['$.store.bicycle.color']],
    ["store['b c']['x y']", ['$.store["b c"]["x y"]']],
    ['store["bicycle"].color', ['$.store.bicycle.color']],
    ['store.first-name', ['$.store["first-name"]']],
    ['store.book[0].title', ['$.store.book[0].title']],
    ['store.book[-1].title', ['$.store.book[3].title']],
    ['store.book.0.title', ['$.store.book[0].title']],
    ['store.book[*].isbn', ['$.store.book[1].isbn', '$.store.book[2].isbn']],
    ['store.bicycle.*', ['$.store.bicycle.color', '$.store.bicycle.price']],
    ['$..isbn', ['$.store.book[1].isbn', '$.store.book[2].isbn']],
    ['store..tags[1]', ['$.store.book[3].tags[1]']],
    ['store.book[0:2].title', ['$.store.book[0].title', '$.store.book[1].title']],
    ['store.book[::2].title', ['$.store.book[0].title', '$.store.book[2].title']],
    ['store.book[-2:].title', ['$.store.book[2].title', '$.store.book[3].title']],
    ['store.book[::-3].title', ['$.store.book[0].title', '$.store.book[3].title']],
    ['store.book[0,2].title', ['$.store.book[0].title', '$.store.book[2].title']],
    ["store.bicycle['color','price']", ['$.store.bicycle.color', '$.store.bicycle.price']],
    ['$', ['$']],
    ['*', ['$.store', '$.max', '$.flags']],
  ])('%s', (path, expected) => {
    expect(select(path).sort()).toEqual([...expected].sort());
  });

  it('$..* selects every descendant', () => {
    expect(select('$..*')).toHaveLength(39);
  });
});

describe('filters', () => {
  it.each<[string, string[]]>([
    ['store.book[?(@.price < 10)].title', ['$.store.book[0].title', '$.store.book[2].title']],
    ['store.book[?(@.price <= 8.95)].title', ['$.store.book[0].title']],
    ['store.book[?(@.price >= 22.99)].title', ['$.store.book[3].title']],
    ["store.book[?(@.category == 'fiction' && @.price > 20)].title", ['$.store.book[3].title']],
    ["store.book[?(@.category != 'fiction' || @.price > 20)].title", ['$.store.book[0].title', '$.store.book[3].title']],
    ['store.book[?(!(@.price > 10))].title', ['$.store.book[0].title', '$.store.book[2].title']],
    ['store.book[?(@.isbn)].title', ['$.store.book[1].title', '$.store.book[2].title']],
    ['store.book[?(!@.isbn)].title', ['$.store.book[0].title', '$.store.book[3].title']],
    ['store.book[?(@.author =~ /^h.*/i)].title', ['$.store.book[2].title']],
    ["store.book[?(@['title'] == 'Rings')].price", ['$.store.book[3].price']],
    ['store.book[?(@.tags[0] == "epic")].title', ['$.store.book[3].title']],
    ['store.book[?(@.price > $.max)].title', ['$.store.book[1].title', '$.store.book[3].title']],
    ['store.book[?(@.price > 10)]', ['$.store.book[1]', '$.store.book[3]']],
    ['store.book[3].tags[?(@ == "classic")]', ['$.store.book[3].tags[1]']],
    ['store.bicycle[?(@ == "red")]', ['$.store.bicycle.color']],
    ['$..[?(@.price > 20)].title', ['$.store.book[3].title']],
  ])('%s', (path, expected) => {
    expect(select(path).sort()).toEqual([...expected].sort());
  });

  it('existence is not truthiness: false, null and 0 exist', () => {
    expect(select('flags[?(@ == false)]')).toEqual(['$.flags.off']);
    expect(select('$[?(@.off)]')).toEqual(['$.flags']);
    expect(select('$[?(@.nothing)]')).toEqual(['$.flags']);
    expect(select('$[?(@.zero)]')).toEqual(['$.flags']);
    expect(select('flags[?(@ == null)]')).toEqual(['$.flags.nothing']);
  });

  it('comparisons are typed: a number never orders against a string', () => {
    const data = { items: [{ v: 5 }, { v: '7' }, { v: 'abc' }] };
    expect(selectLocations(data, compilePath('items[?(@.v > 1)]')).map(formatLocation)).toEqual(['$.items[0]']);
    expect(selectLocations(data, compilePath("items[?(@.v > 'a')]")).map(formatLocation)).toEqual(['$.items[2]']);
    expect(selectLocations(data, compilePath('items[?(@.v == 7)]'))).toEqual([]);
  });

  it('== compares arrays and objects deeply', () => {
    const data = { a: [{ tags: ['x', 'y'] }, { tags: ['x'] }] };
    expect(selectLocations(data, compilePath('a[?(@.tags == $.a[0].tags)]')).map(formatLocation)).toEqual(['$.a[0]']);
  });
});

describe('invalid paths', () => {
  it.each<[string, number]>([
    ['', 0],
    ['a.', 2],
    ['a[', 2],
    ['a[1', 3],
    ["a['b", 2],
    ['a[?(@.b > )]', 10],
    ['a[?(@.b ===)]', 10],
    ['a[1:2:0]', 7],
    ['a]', 1],
    ['a[?(@..b)]', 5],
    ['a[?(@.b =~ /(/)]', 11],
    ['a.__proto__', 2],
    ["a['constructor']", 2],
    ['a[?(@.prototype)]', 6],
    ['a b', 2],
  ])('%j fails at position %d', (path, position) => {
    let caught: unknown;
    try {
      parsePath(path);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataMaskingInvalidPathError);
    expect(caught).toMatchObject({ position, path });
    expect((caught as Error).message).toContain(`position ${position}`);
  });

  it('a hostile nesting of parentheses is a typed error, not a stack overflow', () => {
    const path = `a[?(${'('.repeat(5000)}@.b${')'.repeat(5000)})]`;
    expect(() => parsePath(path)).toThrow(DataMaskingInvalidPathError);
  });
});

describe('compile cache', () => {
  it('returns the same compiled path for the same text', () => {
    expect(compilePath('cache.test.path')).toBe(compilePath('cache.test.path'));
  });
});

describe('filters on hostile data', () => {
  it('== between two very deep values is a typed error, not a stack overflow', () => {
    let left: unknown = 1;
    let right: unknown = 1;
    for (let level = 0; level < 20_000; level++) {
      left = { x: left };
      right = { x: right };
    }
    const data = { items: [{ deep: left }], other: right };
    expect(() => selectLocations(data, compilePath('items[?(@.deep == $.other)]'))).toThrow(DataMaskingUnsupportedTypeError);
  });

  it('a chain of 20,000 || operands evaluates without recursion', () => {
    const chain = Array.from({ length: 20_000 }, (_, index) => `@.n == ${index + 5}`).join(' || ');
    const data = { items: [{ n: 1 }, { n: 20_004 }] };
    expect(selectLocations(data, compilePath(`items[?(${chain})]`)).map(formatLocation)).toEqual(['$.items[1]']);
  });
});
