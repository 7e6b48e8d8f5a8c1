/**
 * The same DTO program compiled by tsc, esbuild and swc, with legacy and with standard (TC39)
 * decorators, run against the library: masking, unmasking, @MaskHandler and the refusal of an
 * undeclared nested DTO must be identical under every toolchain. (The packed-tarball consumer
 * test does the same through real installs, bundles and type-checks.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync as swcTransform } from '@swc/core';
import { transformSync as esbuildTransform } from 'esbuild';
import ts from 'typescript';
import { DataMasking, DataMaskingInvalidOptionsError, Encrypt, type EncryptionProvider, Erase, MaskNested } from 'lambda-data-masking';
import { AesTestProvider } from '../fixtures/aes-test-provider';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const source = readFileSync(join(__dirname, '../fixtures/toolchains/program.ts'), 'utf8');

const tsc = (experimentalDecorators: boolean, input = source): string =>
  ts.transpileModule(input, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, experimentalDecorators, emitDecoratorMetadata: experimentalDecorators },
  }).outputText;

const esbuild = (experimentalDecorators: boolean, input = source): string =>
  esbuildTransform(input, { loader: 'ts', format: 'cjs', target: 'node20', tsconfigRaw: { compilerOptions: { experimentalDecorators } } }).code;

const swc = (transform: Record<string, unknown>, input = source): string =>
  swcTransform(input, {
    filename: 'program.ts',
    swcrc: false,
    jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022', transform },
    module: { type: 'commonjs' },
  }).code;

const TOOLCHAINS: readonly (readonly [string, (input?: string) => string])[] = [
  ['tsc, legacy decorators + emitDecoratorMetadata', (input) => tsc(true, input)],
  ['tsc, standard decorators', (input) => tsc(false, input)],
  ['esbuild, legacy decorators (no design:type)', (input) => esbuild(true, input)],
  ['esbuild, standard decorators', (input) => esbuild(false, input)],
  ['swc, legacy decorators without decoratorMetadata', (input) => swc({ legacyDecorator: true }, input)],
  ['swc, standard decorators 2022-03', (input) => swc({ decoratorVersion: '2022-03' }, input)],
  ['swc, standard decorators 2023-11', (input) => swc({ decoratorVersion: '2023-11' }, input)],
];

const EXPECTED = {
  masked: {
    id: 'o-1',
    card: { number: '*****', cvv: 'XXX', holder: 'Ann' },
    cards: [
      { number: '*****', cvv: 'XXX', holder: 'Ann' },
      { number: '*****', cvv: 'XXX', holder: 'Ann' },
    ],
    sealed: 'string',
    placedAt: '2026-01-02T03:04:05.000Z',
  },
  unmasked: {
    order: true,
    card: true,
    cards: [true, true],
    sealed: { number: '*****', cvv: 'XXX', holder: 'Ann' },
    placedAt: '2026-01-02T03:04:05.000Z',
  },
  refused: expect.stringMatching(
    /^DataMaskingInvalidOptionsError: Plain data in LooseOrder at \$\.card holds a member named "number", which @Erase\/@Encrypt protect on .*\bCard\b.*add @MaskNested\(\(\) => /,
  ),
  handled: { by: '*****', card: { number: '*****', cvv: 'XXX', holder: 'Ann' } },
  account: { _email: '*****', id: 'a-1' },
};

describe('the same DTO program under every toolchain', () => {
  const directory = mkdtempSync(join(tmpdir(), 'ldm-toolchains-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it.each(TOOLCHAINS)('%s', async (name, compile) => {
    const file = join(directory, `${name.replace(/\W+/g, '-')}.cjs`);
    writeFileSync(file, compile());
    const program = require(file) as { run: (provider: EncryptionProvider) => Promise<Record<string, unknown>> };
    const result = await program.run(new AesTestProvider());
    expect(result).toEqual(EXPECTED);
    for (const secret of ['4111', '4222', '4333', '4444', '4555', '4666', '123']) expect(JSON.stringify(result)).not.toContain(secret);
  });
});

describe('samples/nested-dtos.ts (the decorators guide) under every toolchain', () => {
  const sample = readFileSync(join(__dirname, '../../samples/nested-dtos.ts'), 'utf8');
  const event = JSON.parse(readFileSync(join(__dirname, '../../samples/events/nested-order-event.json'), 'utf8')) as unknown;
  const directory = mkdtempSync(join(tmpdir(), 'ldm-toolchains-sample-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it.each(TOOLCHAINS)('%s', async (name, compile) => {
    const file = join(directory, `${name.replace(/\W+/g, '-')}.cjs`);
    writeFileSync(file, compile(sample));
    const compiled = require(file) as Record<string, (event: unknown) => Promise<unknown>>;
    const reference = require('../../samples/nested-dtos') as Record<string, (event: unknown) => Promise<unknown>>;
    expect(await compiled.handler!(event)).toEqual(await reference.handler!(event));
    expect(await compiled.undeclared!(event)).toEqual({
      error: 'DataMaskingInvalidOptionsError',
      message: expect.stringMatching(
        /^Plain data in UndeclaredOrderDto at \$\.card holds a member named "number", which @Erase\/@Encrypt protect on .*\bCardDto\b.*add @MaskNested\(\(\) => /,
      ),
    });
  });
});

describe('undeclared nested DTOs fail closed', () => {
  class Secretive {
    @Erase() pin!: string;
    @Encrypt() token!: string;
    label!: string;
  }
  const masker = new DataMasking({ provider: new AesTestProvider() });
  const SECRET = 'pin-9876';

  const expectRefused = async (value: unknown, where: RegExp): Promise<void> => {
    const error = await masker.mask(value).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DataMaskingInvalidOptionsError);
    expect((error as Error).message).toMatch(where);
    expect((error as Error).message).not.toContain(SECRET);
  };

  it('refuses plain data holding a protected member anywhere inside a class instance, even of a class without declarations', async () => {
    // What a bundle sees when @Type was recorded by another copy of class-transformer.
    class Wrapper {
      id = 'w';
      payload!: unknown;
    }
    await expectRefused(Object.assign(new Wrapper(), { payload: { pin: SECRET } }), /Wrapper at \$\.payload holds a member named "pin".*Secretive/);
    await expectRefused(Object.assign(new Wrapper(), { payload: [{ deeper: { pin: SECRET } }] }), /Wrapper at \$\.payload\[0\]\.deeper/);
    class Holder {
      @Erase() other!: string;
      nested!: unknown;
    }
    await expectRefused(Object.assign(new Holder(), { nested: { token: SECRET } }), /Holder at \$\.nested holds a member named "token"/);
    // unmask refuses it too, rather than leave a ciphertext undecrypted.
    await expect(masker.unmask(Holder, { nested: { token: 'ciphertext' } })).rejects.toThrow(/Holder at \$\.nested holds a member named "token"/);
  });

  it('masks what is declared, trusts @MaskNested(() => Object), and leaves plain data outside instances to JSONPath', async () => {
    class Declared {
      @MaskNested(() => Secretive) secretive!: Secretive;
      @MaskNested(() => Object) notes!: object;
    }
    const masked = await masker.mask(Object.assign(new Declared(), { secretive: { pin: SECRET, label: 'l' }, notes: { pin: 'not a DTO' } }));
    expect(masked).toEqual({ secretive: { pin: '*****', label: 'l' }, notes: { pin: 'not a DTO' } });
    // A plain value inside an @Encrypt property is encrypted whole: nothing there is in clear.
    class Sealed {
      @Encrypt() blob!: unknown;
    }
    const sealed = (await masker.mask(Object.assign(new Sealed(), { blob: { pin: SECRET } }))) as { blob: string };
    expect(typeof sealed.blob).toBe('string');
    // Not inside any class instance: plain data, masked by fields, not guessed.
    expect(new DataMasking().maskSync({ pin: 'plain' })).toEqual({ pin: 'plain' });
    // A subclass inherits its parent's declarations.
    class Child extends Declared {}
    expect(await masker.mask(Object.assign(new Child(), { secretive: { pin: SECRET, label: 'l' } }))).toEqual({ secretive: { pin: '*****', label: 'l' } });
  });
});

describe('standard (TC39) decorator calls', () => {
  const field = (name: string | symbol, extra: object = {}): object => ({
    kind: 'field',
    name,
    static: false,
    private: false,
    metadata: {},
    addInitializer: () => undefined,
    ...extra,
  });
  const call = (decorator: unknown, value: unknown, context: object): unknown => (decorator as (value: unknown, context: object) => unknown)(value, context);

  it('defines Symbol.metadata (Node 20 and 22 have none) as the symbol esbuild falls back to', () => {
    expect((Symbol as unknown as { metadata: symbol }).metadata).toBe(Symbol.for('Symbol.metadata'));
  });

  it('rejects what cannot be masked with a clear error at decoration', () => {
    expect(() => call(Erase(), undefined, field('x', { static: true }))).toThrow(/static x/);
    expect(() => call(Erase(), undefined, field('x', { private: true }))).toThrow(/private/);
    expect(() => call(Encrypt(), undefined, field(Symbol('s')))).toThrow(/symbol/);
    expect(() =>
      call(
        MaskNested(() => Object),
        () => undefined,
        { ...field('m'), kind: 'method' },
      ),
    ).toThrow(/not to the accessor or method m/);
    expect(() => call(Encrypt(), undefined, { ...field('g'), kind: 'getter' })).toThrow(/not to the accessor or method g/);
    expect(() => call(Erase(), undefined, { ...field('s'), kind: 'setter' })).toThrow(/setter-only accessor s/);
    expect(() => call(Erase(), undefined, { ...field('c'), kind: 'class' })).toThrow(/not a class/);
    expect(() => call(MaskNested(42 as unknown as () => Function), undefined, field('n'))).toThrow(/function returning the class/);
    const metadata = {};
    call(Erase(), undefined, field('twice', { metadata }));
    expect(() => call(Encrypt(), undefined, field('twice', { metadata }))).toThrow(/more than one @Erase\/@Encrypt/);
    expect(() => call(Erase({ regexPattern: '(', maskFormat: 'x' }), undefined, field('bad'))).toThrow(DataMaskingInvalidOptionsError);
  });

  it('records on the metadata object of the class itself, not on the parent metadata it inherits from', () => {
    const parent: Record<symbol, unknown> = {};
    call(Erase(), undefined, field('a', { metadata: parent }));
    const child = Object.create(parent) as object;
    call(Erase(), undefined, field('b', { metadata: child }));
    const own = (metadata: object): string[] =>
      Object.getOwnPropertySymbols(metadata).flatMap((key) => [...(metadata as Record<symbol, Map<string, unknown>>)[key]!.keys()]);
    expect(own(parent)).toEqual(['a']);
    expect(own(child)).toEqual(['b']);
  });
});

describe('undeclared-DTO refusal and other views', () => {
  it('does not suspect the JSON view of a masked DTO nested in another instance', () => {
    class Viewed {
      @Erase() pin!: string;
      toJSON() {
        return { pin: this.pin, shown: true };
      }
    }
    class Outer {
      @MaskNested(() => Viewed) viewed!: Viewed;
    }
    const masked = new DataMasking().maskSync(Object.assign(new Outer(), { viewed: Object.assign(new Viewed(), { pin: '1234' }) }));
    expect(masked).toEqual({ viewed: { pin: '*****', shown: true } });
  });
});
