/**
 * Mask options with an integration's masker or a per-request context filled in: the compiled
 * erase is kept while the masker is the same, options not normalized yet are checked first.
 */
import { DATA_MASKING_STRING, DataMasking, DataMaskingInvalidOptionsError, maskResult } from '../../src';
import { fillMaskOptions, normalizeMaskOptions } from '../../src/handler-result/mask-result';

class CountingMasker extends DataMasking {
  public compiles = 0;

  public override compile(...parameters: Parameters<DataMasking['compile']>): ReturnType<DataMasking['compile']> {
    this.compiles++;
    return super.compile(...parameters);
  }
}

const record = () => ({ email: 'ann@example.com', name: 'Ann' });

describe('fillMaskOptions', () => {
  it('fills in the masker once; records derived with a context share its compiled erase', async () => {
    const masker = new CountingMasker();
    const route = fillMaskOptions(normalizeMaskOptions(['email']), { masker });
    for (const tenant of ['a', 'b', 'c']) {
      const perRequest = fillMaskOptions(route, { context: { tenant_id: tenant } });
      expect(perRequest.context).toEqual({ tenant_id: tenant });
      expect(perRequest.masker).toBe(masker);
      expect(await maskResult(record(), perRequest)).toEqual({ email: DATA_MASKING_STRING, name: 'Ann' });
    }
    expect(masker.compiles).toBe(1);
    expect(Object.isFrozen(route)).toBe(true);
  });

  it('another masker gets its own compiled erase', async () => {
    const first = new CountingMasker();
    const second = new CountingMasker();
    const base = normalizeMaskOptions(['email']);
    await maskResult(record(), fillMaskOptions(base, { masker: first }));
    await maskResult(record(), fillMaskOptions(base, { masker: second }));
    expect([first.compiles, second.compiles]).toEqual([1, 1]);
  });

  it('options not normalized yet are normalized (and refused when wrong) first', async () => {
    const masker = new CountingMasker();
    const filled = fillMaskOptions({ erase: ['email'] }, { masker });
    expect(await maskResult(record(), filled)).toEqual({ email: DATA_MASKING_STRING, name: 'Ann' });
    expect(() => fillMaskOptions({ fields: ['email'] } as never, { masker })).toThrow(DataMaskingInvalidOptionsError);
    expect(() => fillMaskOptions({ erase: ['a..b..'] }, { masker })).toThrow();
  });
});
