/**
 * Issue 9 §4 for the decorators and integrations: every option is read as an own property. A
 * polluted Object.prototype (`masker`, `body`, `erase`, `context`, `providerOptions`,
 * `discriminator`) can neither switch masking off, nor change what is masked, nor add context.
 * Before, `@MaskHandler(['email'])` under `Object.prototype.masker = { erase: (v) => v }`
 * returned the email in clear.
 */
import middy from '@middy/core';
import 'reflect-metadata';
import { DataMasking, Encrypt, Erase, MaskHandler, MaskNested, maskResult } from 'lambda-data-masking';
import { maskResponse } from 'lambda-data-masking/middy';
import { AesTestProvider } from '../fixtures/aes-test-provider';

const polluted = Object.prototype as Record<string, unknown>;

/** Runs `run` with `members` set on Object.prototype, and removes them whatever happens. */
const withPollution = async <T>(members: Record<string, unknown>, run: () => Promise<T> | T): Promise<T> => {
  for (const [key, value] of Object.entries(members)) polluted[key] = value;
  try {
    return await run();
  } finally {
    for (const key of Object.keys(members)) delete polluted[key];
  }
};

/** What an attacker would set: a masker that masks nothing, and options that move what is masked. */
const HOSTILE = { masker: { erase: (value: unknown) => value }, body: true, encrypt: ['email'], erase: { fields: [] } };

const record = () => ({ email: 'ann@example.com', id: 1 });

describe('a polluted Object.prototype changes nothing the decorators and integrations mask', () => {
  beforeAll(async () => {
    // Loads the lazy modules first: the test build's module helper itself uses for...in.
    class Loaded {
      @Erase() secret!: string;
    }
    const masker = new DataMasking();
    await masker.unmask(Loaded, masker.maskSync(Object.assign(new Loaded(), { secret: 's' })));
  });

  it('@MaskHandler with a list of fields', async () => {
    await withPollution(HOSTILE, async () => {
      class Handler {
        @MaskHandler(['email'])
        public async handler(): Promise<unknown> {
          return record();
        }
      }
      const masked = await new Handler().handler();
      expect(Object.entries(masked as object)).toEqual([
        ['email', '*****'],
        ['id', 1],
      ]);
    });
  });

  it('@MaskHandler with an options object, and maskResult', async () => {
    await withPollution(HOSTILE, async () => {
      class Handler {
        @MaskHandler({ erase: ['email'] })
        public async handler(): Promise<unknown> {
          return record();
        }
      }
      expect(Object.entries((await new Handler().handler()) as object)).toEqual([
        ['email', '*****'],
        ['id', 1],
      ]);
      expect(Object.entries((await maskResult(record(), { erase: ['email'] })) as object)).toEqual([
        ['email', '*****'],
        ['id', 1],
      ]);
    });
  });

  it('Middy maskResponse', async () => {
    await withPollution(HOSTILE, async () => {
      const handler = middy(async () => record()).use(maskResponse(['email']));
      const masked = await handler({}, { functionName: 'f', awsRequestId: 'r', getRemainingTimeInMillis: () => 30_000 } as never);
      expect(Object.entries(masked as object)).toEqual([
        ['email', '*****'],
        ['id', 1],
      ]);
    });
  });

  it('mask() and @Encrypt take no context or provider options from the prototype', async () => {
    const provider = new AesTestProvider();
    const masker = new DataMasking({ provider });
    // A context of 42 or junk provider options, if read, would be refused with a typed error.
    await withPollution({ context: 42, providerOptions: 'junk' }, async () => {
      class Card {
        @Encrypt() number!: string;
        @Erase() holder!: string;
      }
      const card = Object.assign(new Card(), { number: '4111', holder: 'Ann' });
      const masked = (await masker.mask(card)) as { number: string; holder: string };
      expect(masked.holder).toBe('*****');
      expect(masked.number).not.toContain('4111');
      const restored = await masker.unmask(Card, masked);
      expect(restored.number).toBe('4111');
    });
  });

  it('@MaskNested takes no discriminator from the prototype', async () => {
    class Card {
      @Erase() number!: string;
    }
    // Read through the chain, this discriminator would be refused at class definition.
    await withPollution({ discriminator: { property: 1 } }, () => {
      class Wallet {
        @MaskNested(() => Card) card!: Card;
      }
      const wallet = Object.assign(new Wallet(), { card: Object.assign(new Card(), { number: '4111' }) });
      expect(new DataMasking().maskSync(wallet)).toEqual({ card: { number: '*****' } });
    });
  });
});
