/**
 * Without `import 'reflect-metadata'`: the library loads it on the first decorator applied (not
 * on import); nested classes come from `@MaskNested`, not from `design:type`.
 */
import { DataMasking, Encrypt, Erase, MaskNested } from 'lambda-data-masking';
import { AesTestProvider } from '../fixtures/aes-test-provider';

describe('reflect-metadata loaded on demand', () => {
  it('is not loaded by importing the library, is loaded by the first decorator, and a declared nested class is rebuilt', async () => {
    const reflect = Reflect as unknown as Record<string, unknown>;
    expect(reflect.getOwnMetadata).toBeUndefined();

    class Inner {
      @Erase() secret!: string;
      open!: string;
    }
    expect(typeof reflect.getOwnMetadata).toBe('function');
    class Outer {
      @Encrypt() @MaskNested(() => Inner) inner!: Inner;
      id!: number;
    }

    const masker = new DataMasking({ provider: new AesTestProvider() });
    const outer = Object.assign(new Outer(), { id: 1, inner: Object.assign(new Inner(), { secret: 's', open: 'o' }) });
    const back = await masker.unmask(Outer, await masker.mask(outer));
    expect(back.inner).toBeInstanceOf(Inner);
    expect(back.inner).toEqual(Object.assign(new Inner(), { secret: '*****', open: 'o' }));
  });
});
