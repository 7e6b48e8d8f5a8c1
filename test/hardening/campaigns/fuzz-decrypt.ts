/**
 * Decrypt fuzz campaign: mutated ciphertexts, by class of mutation, through
 * `DataMasking.decrypt` (whole payload, and field-level for one class) with the real ESDK and
 * LocalKms. Every outcome is classified:
 *
 * - a typed rejection (the `DataMaskingError` subclass is recorded per mutation class);
 * - an acceptance returning EXACTLY the original plaintext (e.g. a non-canonical base64 spelling
 *   of the same bytes), counted separately;
 * - a failure: a wrong plaintext, an untyped error, a rejection outside the class's allowed
 *   set, or a call that never settles.
 *
 * Unhandled rejections and uncaught exceptions are counted while the campaign runs.
 */
import { isDeepStrictEqual } from 'node:util';
import { DataMasking, DataMaskingContextMismatchError, DataMaskingDecryptKeyError, DataMaskingDecryptValueError, DataMaskingError } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import type { LocalKms } from 'lambda-data-masking/testing';
import type { SecretsLedger } from '../support/canary';
import { edkBlob, edkBytes, layoutOf, serializeEdk, withContext, withEdks, type MessageLayout } from '../support/esdk-layout';
import { customerRecord, type Json } from '../support/payloads';
import { errorClassName, ProcessGuard, Prng, runPool, settleWithin } from '../support/runtime';

const VALUE = DataMaskingDecryptValueError.name;
const KEY = DataMaskingDecryptKeyError.name;
const MISMATCH = DataMaskingContextMismatchError.name;
/** The outcome name of an accepted mutation that returned exactly the original. */
export const ACCEPTED_IDENTICAL = 'accepted, identical plaintext';

/** A seed: a valid ciphertext, its plaintext and context, and where its bytes are. */
interface Seed {
  readonly name: string;
  readonly message: Buffer;
  readonly base64: string;
  readonly layout: MessageLayout;
  readonly plaintext: Json;
  readonly context: Record<string, string>;
  readonly signed: boolean;
}

/** One mutated input: decrypted whole, or as field `secret` of a document next to a valid field. */
interface Case {
  readonly ciphertext: string;
  readonly context: Record<string, string>;
  readonly expected: Json;
  readonly field?: { readonly document: Record<string, Json>; readonly expected: Record<string, Json> };
}

interface MutationClass {
  readonly name: string;
  /** The outcomes this class may have; anything else is a failure. */
  readonly allowed: readonly string[];
  readonly applies?: (seed: Seed) => boolean;
  readonly make: (seed: Seed, random: Prng, world: World) => Case;
}

interface World {
  readonly seeds: readonly Seed[];
  readonly foreignKeyArn: string;
  readonly otherKeyArn: string;
  readonly fieldDocument: Record<string, Json>;
  readonly fieldPlaintext: Record<string, Json>;
  readonly fieldSeed: Seed;
}

const ANY_TYPED = [VALUE, KEY, MISMATCH];

/** Longest error message any rejection may carry: one short line, whatever the ciphertext holds. */
export const MAX_MESSAGE_LENGTH = 1500;

const flipBit = (bytes: Buffer, at: number, bit: number): void => {
  bytes[at] = bytes[at]! ^ (1 << bit);
};

const asCase = (seed: Seed, message: Buffer | string, context = seed.context): Case => ({
  ciphertext: typeof message === 'string' ? message : message.toString('base64'),
  context,
  expected: seed.plaintext,
});

/** A sibling seed of the same kind (same context pairs, a different data key and message). */
const donorFor = (seed: Seed, world: World, random: Prng): Seed => {
  const donors = world.seeds.filter((other) => other !== seed && other.signed === seed.signed && other.name !== 'field');
  return random.pick(donors);
};

const callerPairs = (seed: Seed): [string, string][] => Object.entries(seed.layout.context);

const NOT_BASE64_CHARS = [' ', '\n', '\t', '-', '_', '.', '!', '~', '*', 'é', '🔐', '\u0000', '"', ',', '%'];

/** The mutation classes, each with what it may produce. */
export const MUTATION_CLASSES: readonly MutationClass[] = [
  {
    name: 'bit flip in the header',
    allowed: ANY_TYPED,
    make: (seed, random) => {
      const bytes = Buffer.from(seed.message);
      flipBit(bytes, random.int(0, seed.layout.headerEnd - 1), random.int(0, 7));
      return asCase(seed, bytes);
    },
  },
  {
    name: 'bit flip in the body or signature',
    allowed: [VALUE],
    make: (seed, random) => {
      const bytes = Buffer.from(seed.message);
      flipBit(bytes, random.int(seed.layout.headerEnd, bytes.length - 1), random.int(0, 7));
      return asCase(seed, bytes);
    },
  },
  {
    name: 'bit flips (2–16, anywhere)',
    allowed: ANY_TYPED,
    make: (seed, random) => {
      const bytes = Buffer.from(seed.message);
      const flips = random.int(2, 16);
      for (let flip = 0; flip < flips; flip++) flipBit(bytes, random.int(0, bytes.length - 1), random.int(0, 7));
      return asCase(seed, bytes);
    },
  },
  {
    name: 'truncation',
    allowed: [VALUE],
    make: (seed, random) => asCase(seed, seed.message.subarray(0, random.int(0, seed.message.length - 1))),
  },
  {
    name: 'appended bytes',
    // The ESDK alone stops reading after the final frame of an unsigned message and returns the
    // original; the specification says MUST refuse, and the provider does (before any KMS call).
    allowed: [VALUE],
    make: (seed, random) => asCase(seed, Buffer.concat([seed.message, random.bytes(random.int(1, 64))])),
  },
  {
    name: 'random base64',
    allowed: [VALUE],
    make: (seed, random) => asCase(seed, random.bytes(random.int(0, 2048))),
  },
  {
    name: 'valid header prefix, random rest',
    allowed: ANY_TYPED,
    make: (seed, random) => {
      const keep = random.int(1, seed.layout.headerEnd);
      return asCase(seed, Buffer.concat([seed.message.subarray(0, keep), random.bytes(random.int(0, 1024))]));
    },
  },
  {
    name: 'not base64',
    allowed: [VALUE],
    make: (seed, random) => {
      const text = seed.base64;
      switch (random.int(0, 4)) {
        case 0: {
          const at = random.int(0, text.length);
          return asCase(seed, text.slice(0, at) + random.pick(NOT_BASE64_CHARS) + text.slice(at));
        }
        case 1: // base64url spelling, unpadded
          return asCase(seed, `${text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}_-`);
        case 2: // wrapped lines, as MIME base64 writes them
          return asCase(seed, text.replace(/(.{76})/g, '$1\n'));
        case 3: // random unicode text
          return asCase(seed, Array.from({ length: random.int(1, 200) }, () => String.fromCodePoint(random.int(0x20, 0x2fff))).join(''));
        default: // base64 of the base64
          return asCase(seed, `${Buffer.from(text, 'utf8').toString('base64').replace(/=*$/, '')}~`);
      }
    },
  },
  {
    name: 'base64 variants of the same bytes',
    allowed: [VALUE, ACCEPTED_IDENTICAL],
    make: (seed, random) => {
      const text = seed.base64;
      const padding = text.length - text.replace(/=+$/, '').length;
      const body = text.slice(0, text.length - padding);
      switch (random.int(0, 2)) {
        case 0: {
          // Set the unused low bits of the last symbol: other text, the same bytes.
          if (padding === 0) return asCase(seed, `${text}=`);
          const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
          const last = alphabet.indexOf(body[body.length - 1]!);
          const unused = padding === 1 ? 0b11 : 0b1111;
          const variant = alphabet[(last & ~unused) | random.int(1, unused)]!;
          return asCase(seed, body.slice(0, -1) + variant + '='.repeat(padding));
        }
        case 1: // padding stripped
          return asCase(seed, padding === 0 ? `${text}==` : body);
        default: // padding doubled
          return asCase(seed, `${text}${'='.repeat(random.int(1, 3))}`);
      }
    },
  },
  {
    name: 'valid header, tampered body',
    allowed: [VALUE],
    make: (seed, random, world) => {
      const header = seed.message.subarray(0, seed.layout.headerEnd);
      const bodyLength = seed.message.length - seed.layout.headerEnd;
      if (random.next() < 0.5) return asCase(seed, Buffer.concat([header, random.bytes(bodyLength)]));
      const donor = donorFor(seed, world, random);
      return asCase(seed, Buffer.concat([header, donor.message.subarray(donor.layout.headerEnd)]));
    },
  },
  {
    name: 'frames reordered, dropped or duplicated',
    allowed: [VALUE],
    applies: (seed) => seed.layout.frames.length >= 3,
    make: (seed, random) => {
      const { frames, headerEnd, footerStart } = seed.layout;
      const parts = frames.map((frame) => seed.message.subarray(frame.start, frame.end));
      const regular = frames.length - 1;
      const i = random.int(0, regular - 1);
      let j = random.int(0, regular - 2);
      if (j >= i) j += 1;
      switch (random.int(0, 3)) {
        case 0:
          [parts[i], parts[j]] = [parts[j]!, parts[i]!];
          break;
        case 1:
          parts.splice(i, 1);
          break;
        case 2:
          parts.splice(i, 0, parts[i]!);
          break;
        default:
          parts.pop(); // the final frame
      }
      return asCase(seed, Buffer.concat([seed.message.subarray(0, headerEnd), ...parts, seed.message.subarray(footerStart)]));
    },
  },
  {
    name: 'swapped or added data keys',
    allowed: [VALUE],
    make: (seed, random, world) => {
      const donor = donorFor(seed, world, random);
      const own = edkBytes(seed.message, seed.layout.edks[0]!);
      const theirs = edkBytes(donor.message, donor.layout.edks[0]!);
      const entries = random.pick([[theirs], [theirs, own], [own, theirs], [theirs, theirs]]);
      return asCase(seed, withEdks(seed.message, seed.layout, entries));
    },
  },
  {
    name: 'altered data key blob',
    allowed: [VALUE],
    make: (seed, random) => {
      const edk = seed.layout.edks[0]!;
      const blob = Buffer.from(edkBlob(seed.message, edk));
      let altered: Buffer;
      switch (random.int(0, 2)) {
        case 0:
          flipBit(blob, random.int(0, blob.length - 1), random.int(0, 7));
          altered = blob;
          break;
        case 1:
          altered = blob.subarray(0, random.int(1, blob.length - 1));
          break;
        default:
          altered = random.bytes(random.int(1, 400));
      }
      return asCase(seed, withEdks(seed.message, seed.layout, [serializeEdk(edk.providerId, edk.providerInfo, altered)]));
    },
  },
  {
    name: 'data key relabelled (other or unknown key, provider id)',
    allowed: [VALUE, KEY],
    make: (seed, random, world) => {
      const edk = seed.layout.edks[0]!;
      const blob = edkBlob(seed.message, edk);
      const [providerId, providerInfo] = random.pick([
        [edk.providerId, world.otherKeyArn],
        [edk.providerId, world.foreignKeyArn],
        [edk.providerId, `${edk.providerInfo}0`],
        ['aws-kms-x', edk.providerInfo],
        ['raw-aes', edk.providerInfo],
      ] as const);
      return asCase(seed, withEdks(seed.message, seed.layout, [serializeEdk(providerId, providerInfo, blob)]));
    },
  },
  {
    name: 'altered context, caller presents the altered one',
    allowed: [VALUE],
    make: (seed, random) => {
      const pairs = callerPairs(seed);
      const caller = pairs.filter(([key]) => key !== 'aws-crypto-public-key');
      const publicKey = pairs.filter(([key]) => key === 'aws-crypto-public-key');
      let altered: [string, string][];
      switch (random.int(0, 2)) {
        case 0: {
          const at = random.int(0, caller.length - 1);
          altered = caller.map(([key, value], index) => [key, index === at ? `${value}x` : value]);
          break;
        }
        case 1:
          altered = [...caller, ['injected', 'pair']];
          break;
        default: {
          const dropped = random.int(0, caller.length - 1);
          altered = caller.filter((_, index) => index !== dropped);
        }
      }
      const claimed = Object.fromEntries(altered);
      const sorted = [...altered, ...publicKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return asCase(seed, withContext(seed.message, seed.layout, sorted), claimed);
    },
  },
  {
    name: 'altered context, caller presents the original',
    allowed: [MISMATCH],
    make: (seed, random) => {
      const pairs = callerPairs(seed);
      const at = random.int(0, pairs.length - 1);
      const altered = pairs.map(([key, value], index): [string, string] =>
        index === at && key !== 'aws-crypto-public-key' ? [key, `${value}-evil`] : [key, value],
      );
      if (altered.every(([key, value], index) => pairs[index]![1] === value && pairs[index]![0] === key)) {
        altered.push(['zz-injected', 'pair']);
      }
      return asCase(seed, withContext(seed.message, seed.layout, altered));
    },
  },
  {
    name: 'algorithm suite id changed',
    allowed: [VALUE],
    make: (seed, random) => {
      const bytes = Buffer.from(seed.message);
      const suites = [
        AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
        AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
        AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA256,
        AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
        AlgorithmSuiteIdentifier.ALG_AES128_GCM_IV12_TAG16,
      ].filter((suite) => suite !== seed.layout.suiteId);
      bytes.writeUInt16BE(random.next() < 0.8 ? random.pick(suites) : random.int(0, 0xffff), 1);
      if (bytes.readUInt16BE(1) === seed.layout.suiteId) bytes.writeUInt16BE(seed.layout.suiteId ^ 1, 1);
      return asCase(seed, bytes);
    },
  },
  {
    // Each listed key the keyring can try is a KMS call: refused before any (maxEncryptedDataKeys).
    name: 'more data keys than maxEncryptedDataKeys',
    allowed: [VALUE],
    make: (seed, random) => {
      const own = edkBytes(seed.message, seed.layout.edks[0]!);
      return asCase(
        seed,
        withEdks(
          seed.message,
          seed.layout,
          Array.from({ length: random.int(11, 1200) }, () => own),
        ),
      );
    },
  },
  {
    // Key names and context keys come back in error messages: escaped, cut, a few listed.
    name: 'hostile header strings (line breaks, NUL, 20 KB names)',
    allowed: ANY_TYPED,
    make: (seed, random) => {
      const hostile = `x\n\r\u2028\u0000${'y'.repeat(random.int(100, 20_000))}`;
      if (random.next() < 0.5) {
        const edk = seed.layout.edks[0]!;
        return asCase(seed, withEdks(seed.message, seed.layout, [serializeEdk(edk.providerId, `${edk.providerInfo}${hostile}`, edkBlob(seed.message, edk))]));
      }
      const pairs = [
        ...callerPairs(seed),
        ...Array.from({ length: random.int(1, 8) }, (_, index): [string, string] => [`${index}${hostile}`.slice(0, 6000), 'v']),
      ];
      return asCase(
        seed,
        withContext(
          seed.message,
          seed.layout,
          pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        ),
      );
    },
  },
  {
    // Megabytes of base64 letters or other junk: linear checks, never a RangeError.
    name: 'oversized junk (256 KB to 4 MB)',
    allowed: [VALUE],
    make: (seed, random) => {
      const size = random.int(256, 4096) * 1024;
      const text = random.pick(['A'.repeat(size), `${'A'.repeat(size)}=`, '!'.repeat(size), Buffer.alloc(size, 7).toString('base64')]);
      return { ciphertext: text, context: seed.context, expected: seed.plaintext };
    },
  },
  {
    name: 'field-level: one mutated field among valid ones',
    allowed: [VALUE, KEY, MISMATCH, ACCEPTED_IDENTICAL],
    applies: (seed) => seed.name === 'field',
    make: (seed, random, world) => {
      const inner = random.pick(
        MUTATION_CLASSES.filter((mutation) =>
          ['bit flip in the header', 'bit flip in the body or signature', 'truncation', 'appended bytes', 'not base64', 'altered data key blob'].includes(
            mutation.name,
          ),
        ),
      );
      const mutated = inner.make(seed, random, world);
      return {
        ...mutated,
        // The caller's context: the field's location entry is added by the library itself.
        context: CONTEXT,
        field: {
          document: { ...world.fieldDocument, secret: mutated.ciphertext },
          expected: world.fieldPlaintext,
        },
      };
    },
  },
];

export interface ClassTally {
  readonly name: string;
  readonly allowed: readonly string[];
  count: number;
  /** Outcome name (an error class, or {@link ACCEPTED_IDENTICAL}) -> count. */
  readonly outcomes: Record<string, number>;
}

export interface FuzzDecryptResult {
  readonly seed: number;
  readonly total: number;
  readonly classes: readonly ClassTally[];
  readonly typedRejections: number;
  readonly acceptedIdentical: number;
  readonly wrongPlaintexts: number;
  readonly untypedErrors: number;
  /** Outcomes outside their class's allowed set (wrong plaintexts and untyped errors included). */
  readonly unexpected: number;
  readonly hung: number;
  /** Rejections whose message is longer than {@link MAX_MESSAGE_LENGTH} or holds a line break or NUL. */
  readonly unboundedMessages: number;
  readonly unhandledRejections: number;
  readonly uncaughtExceptions: number;
  readonly failureSamples: readonly string[];
  readonly kmsCalls: number;
  readonly durationMs: number;
}

export interface FuzzDecryptOptions {
  readonly kms: LocalKms;
  readonly ledger: SecretsLedger;
  readonly count: number;
  readonly seed: number;
  readonly concurrency?: number;
  /** A call that has not settled after this long counts as hung. */
  readonly hangMs?: number;
}

const CONTEXT = { tenant_id: 'tenant-fuzz', purpose: 'hardening' };
const UNSIGNED = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;
const SIGNED = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;

const makeSeed = (name: string, base64: string, plaintext: Json, context: Record<string, string>, signed: boolean): Seed => {
  const message = Buffer.from(base64, 'base64');
  return { name, message, base64, layout: layoutOf(message), plaintext, context, signed };
};

/**
 * Builds the seeds: unsigned and signed whole-payload messages (several multi-frame), each under
 * its own data key, and a field-level document. Keys: `keyArn` wraps, `otherKeyArn` is also
 * known to the decrypting provider, `foreignKeyArn` is not a key of the provider.
 */
const buildWorld = async (kms: LocalKms, ledger: SecretsLedger): Promise<{ world: World; keyArn: string }> => {
  const keyArn = kms.createKey().arn;
  const otherKeyArn = kms.createKey().arn;
  const foreignKeyArn = kms.createKey().arn;
  // One data key per message, so swapping data keys between seeds changes the key.
  const seedProvider = new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig: kms.clientConfig(), maxMessagesEncrypted: 1 });
  const seedMasker = new DataMasking({ provider: seedProvider });
  const seeds: Seed[] = [];
  const specs = [
    ['unsigned, 128-byte frames #1', UNSIGNED, 128],
    ['unsigned, 128-byte frames #2', UNSIGNED, 128],
    ['unsigned, 256-byte frames', UNSIGNED, 256],
    ['unsigned, one frame', UNSIGNED, undefined],
    ['signed, 128-byte frames #1', SIGNED, 128],
    ['signed, 128-byte frames #2', SIGNED, 128],
  ] as const;
  for (const [index, [name, suiteId, frameLength]] of specs.entries()) {
    const plaintext = customerRecord(ledger.canaries, 0, index);
    const providerOptions = { algorithmSuiteId: suiteId, ...(frameLength === undefined ? {} : { frameLength }) };
    const ciphertext = await seedMasker.encrypt(plaintext, { context: CONTEXT, providerOptions });
    seeds.push(makeSeed(name, ciphertext, plaintext, CONTEXT, suiteId === SIGNED));
  }
  const fieldPlaintext = { id: 'field-doc', secret: ledger.canaries.next(), other: ledger.canaries.next() } as Record<string, Json>;
  const fieldDocument = (await seedMasker.encrypt(fieldPlaintext, {
    fields: ['secret', 'other'],
    context: CONTEXT,
    providerOptions: { algorithmSuiteId: UNSIGNED },
  })) as Record<string, Json>;
  const fieldSeed = makeSeed('field', fieldDocument.secret as string, fieldPlaintext.secret!, { ...CONTEXT, 'lambda-data-masking:field': '$.secret' }, false);
  return { world: { seeds: [...seeds, fieldSeed], foreignKeyArn, otherKeyArn, fieldDocument, fieldPlaintext, fieldSeed }, keyArn };
};

export const runDecryptFuzz = async (options: FuzzDecryptOptions): Promise<FuzzDecryptResult> => {
  const { kms, ledger, count, seed } = options;
  const concurrency = options.concurrency ?? 32;
  const hangMs = options.hangMs ?? 20_000;
  const random = new Prng(seed);
  const { world, keyArn } = await buildWorld(kms, ledger);
  // The decrypting side knows the wrapping key and one other; its cache is shared by all cases.
  const provider = new AWSEncryptionSDKProvider({
    keys: [keyArn, world.otherKeyArn],
    kmsClientConfig: { ...kms.clientConfig(), maxAttempts: 1 },
  });
  const masker = new DataMasking({ provider });
  const tallies: ClassTally[] = MUTATION_CLASSES.map((mutation) => ({ name: mutation.name, allowed: mutation.allowed, count: 0, outcomes: {} }));
  const failures: string[] = [];
  let typedRejections = 0;
  let acceptedIdentical = 0;
  let wrongPlaintexts = 0;
  let untypedErrors = 0;
  let unexpected = 0;
  let hung = 0;
  let unboundedMessages = 0;

  // Cases are generated up front (the PRNG stays deterministic whatever the scheduling).
  const cases = Array.from({ length: count }, (_, index) => {
    const classIndex = index % MUTATION_CLASSES.length;
    const mutation = MUTATION_CLASSES[classIndex]!;
    const candidates = world.seeds.filter((candidate) => (mutation.applies ? mutation.applies(candidate) : candidate.name !== 'field'));
    return { classIndex, made: mutation.make(random.pick(candidates), random, world) };
  });

  const note = (tally: ClassTally, outcome: string, failure?: string): void => {
    tally.outcomes[outcome] = (tally.outcomes[outcome] ?? 0) + 1;
    if (!tally.allowed.includes(outcome)) {
      unexpected += 1;
      if (failures.length < 20) failures.push(`${tally.name}: ${failure ?? outcome}`);
    }
  };

  const guard = new ProcessGuard().install();
  kms.resetCounters();
  const started = performance.now();
  try {
    await runPool(count, concurrency, async (index) => {
      const { classIndex, made } = cases[index]!;
      const tally = tallies[classIndex]!;
      tally.count += 1;
      const call = made.field
        ? masker.decrypt(made.field.document, { fields: ['secret', 'other'], context: made.context })
        : masker.decrypt(made.ciphertext, { context: made.context });
      const outcome = await settleWithin(call, hangMs);
      if (outcome.status === 'hung') {
        hung += 1;
        note(tally, 'HUNG');
        return;
      }
      if (outcome.status === 'fulfilled') {
        const expected = made.field ? made.field.expected : made.expected;
        if (isDeepStrictEqual(outcome.value, expected)) {
          acceptedIdentical += 1;
          note(tally, ACCEPTED_IDENTICAL, `accepted ${JSON.stringify(made.ciphertext.slice(-12))}`);
        } else {
          wrongPlaintexts += 1;
          note(tally, 'WRONG PLAINTEXT');
        }
        return;
      }
      const error = outcome.reason;
      ledger.recordError(error, `fuzz ${tally.name}`);
      const name = errorClassName(error);
      const message = error instanceof Error ? error.message : '';
      if (message.length > MAX_MESSAGE_LENGTH || /[\n\r\u2028\u2029\u0000]/.test(message)) {
        unboundedMessages += 1;
        note(tally, 'UNBOUNDED MESSAGE', `UNBOUNDED MESSAGE (${message.length} characters)`);
        return;
      }
      if (error instanceof DataMaskingError && name !== DataMaskingError.name) {
        typedRejections += 1;
        note(tally, name, `${name}: ${(error as Error).message}`);
      } else {
        untypedErrors += 1;
        note(tally, `UNTYPED ${name}`, `UNTYPED ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  } finally {
    guard.uninstall();
  }
  return {
    seed,
    total: count,
    classes: tallies,
    typedRejections,
    acceptedIdentical,
    wrongPlaintexts,
    untypedErrors,
    unexpected,
    hung,
    unboundedMessages,
    unhandledRejections: guard.unhandledRejections,
    uncaughtExceptions: guard.uncaughtExceptions,
    failureSamples: failures,
    kmsCalls: kms.callCount(),
    durationMs: performance.now() - started,
  };
};

/** Checks the layout parser against the library's own header reader (used by the test). */
export const seedLayoutsFor = async (kms: LocalKms, ledger: SecretsLedger): Promise<{ base64: string; layout: MessageLayout }[]> => {
  const { world } = await buildWorld(kms, ledger);
  return world.seeds.map(({ base64, layout }) => ({ base64, layout }));
};
