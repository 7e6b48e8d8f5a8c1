/**
 * Decorator benchmarks (issue 4 §6), side by side in one process:
 * - the interpreter masking 1,000 nested decorated DTOs vs the same result by `erase(plain, { fields })`
 *   (target: ≤ 1.2× the time) and vs class-transformer's `instanceToPlain` with equivalent
 *   `@Transform` masks (target: ≥ 2× faster);
 * - `@MaskHandler` on an async handler vs calling the handler and erasing its result directly
 *   (target: ≤ 1.05× the time), for a plain record, one holding a Date, and a DTO; for the DTO also vs
 *   the same handler undecorated, awaited and masked by hand (the promise hop @MaskHandler adds is then in both).
 *
 * Figures are operations per second of CPU time (higher is better), the median of several
 * interleaved rounds timed with `process.cpuUsage()`. Each pair's outputs are checked equal first.
 *
 * Alone: `node -r @swc-node/register bench/decorators.bench.ts`.
 */
import 'reflect-metadata';
import { Transform, Type, instanceToPlain } from 'class-transformer';
import { deepStrictEqual } from 'node:assert';
import { DataMasking, Erase, MaskHandler } from '../src';
import { hasAnnotatedClasses } from '../src/metadata/metadata';

/** One comparison. `ours` and `baseline` are operations per second (higher is better). */
export interface Row {
  readonly name: string;
  /** Operations per second of lambda-data-masking. */
  readonly ours: number;
  /** Operations per second of the baseline. */
  readonly baseline: number;
  readonly baselineName: string;
}

// ---------------------------------------------------------------------------------------------
// The DTOs, decorated for the interpreter, and the same DTOs for class-transformer, masked by
// @Transform. Defined on demand: the first @MaskHandler rows run before any class is decorated,
// as in a Lambda that masks plain results (the DTO scan is skipped then).

const STARS = '*****';
const dynamicMaskText = (value: string): string => value.replace(/[^-_. ]/gu, '*');
const customMaskText = (value: string): string => 'XXXX'.slice(0, Math.max(value.length, 0));

const defineDtoClasses = () => {
  class Address {
    @Erase() street!: string;
    city!: string;
    zip!: string;
  }

  class Order {
    id!: number;
    @Erase({ customMask: 'XXXX' }) card!: string;
    amount!: number;
  }

  class Customer {
    id!: number;
    name!: string;
    @Erase() email!: string;
    @Erase({ dynamicMask: true }) phone!: string;
    @Type(() => Address) address!: Address;
    @Type(() => Order) orders!: Order[];
    tags!: string[];
  }

  // ...and the same DTOs for class-transformer, masked by @Transform.

  class CtAddress {
    @Transform(() => STARS, { toPlainOnly: true }) street!: string;
    city!: string;
    zip!: string;
  }

  class CtOrder {
    id!: number;
    @Transform(({ value }) => customMaskText(value as string), { toPlainOnly: true }) card!: string;
    amount!: number;
  }

  class CtCustomer {
    id!: number;
    name!: string;
    @Transform(() => STARS, { toPlainOnly: true }) email!: string;
    @Transform(({ value }) => dynamicMaskText(value as string), { toPlainOnly: true }) phone!: string;
    @Type(() => CtAddress) address!: CtAddress;
    @Type(() => CtOrder) orders!: CtOrder[];
    tags!: string[];
  }

  return { Customer, Address, Order, CtCustomer, CtAddress, CtOrder };
};

const plainCustomer = (index: number) => ({
  id: index,
  name: `Customer ${index}`,
  email: `customer${index}@example.com`,
  phone: `+1 555-01${String(index % 100).padStart(2, '0')}`,
  address: { street: `${index} Main St`, city: 'Lisbon', zip: '1000-001' },
  orders: [0, 1, 2].map((order) => ({ id: index * 10 + order, card: `41111111111111${String(order).padStart(2, '0')}`, amount: 10.5 * order })),
  tags: ['a', 'b'],
});

type PlainCustomer = ReturnType<typeof plainCustomer>;

const toDto = (plain: PlainCustomer, types: { customer: new () => object; address: new () => object; order: new () => object }): object =>
  Object.assign(new types.customer(), {
    ...plain,
    address: Object.assign(new types.address(), plain.address),
    orders: plain.orders.map((order) => Object.assign(new types.order(), order)),
  });

const COUNT = 1000;
const plains = Array.from({ length: COUNT }, (_, index) => plainCustomer(index));
const masker = new DataMasking();
const FIELDS = ['[*].email', '[*].address.street'];
const RULES = { '[*].phone': { dynamicMask: true }, '[*].orders[*].card': { customMask: 'XXXX' } };
const eraseEquivalent = (): unknown => masker.erase(plains, { fields: FIELDS, maskingRules: RULES });

// ---------------------------------------------------------------------------------------------
// Handlers for the @MaskHandler overhead: the same handler, decorated or masking by hand.

const response = plainCustomer(7);
const HANDLER_FIELDS = ['email', 'address.street', 'orders[*].card'];

class DecoratedLambda {
  public readonly source = response;

  @MaskHandler(HANDLER_FIELDS)
  public async handler(_event: unknown, _context: unknown): Promise<unknown> {
    return this.source;
  }
}

class DirectLambda {
  public readonly source = response;

  public async handler(_event: unknown, _context: unknown): Promise<unknown> {
    return masker.erase(this.source, { fields: HANDLER_FIELDS });
  }
}

const decorated = new DecoratedLambda();
const decoratedHandler = decorated.handler.bind(decorated);
const direct = new DirectLambda();
const directHandler = direct.handler.bind(direct);

/** The same record with a Date, as results often hold (a Date is never a DTO: no interpreter copy). */
const datedResponse = { ...response, createdAt: new Date('2024-01-02T03:04:05.000Z') };

class DatedLambda {
  public readonly source = datedResponse;

  @MaskHandler(HANDLER_FIELDS)
  public async handler(_event: unknown, _context: unknown): Promise<unknown> {
    return this.source;
  }
}

const dated = new DatedLambda();
const datedHandler = dated.handler.bind(dated);
const directDatedHandler = async (_event: unknown, _context: unknown): Promise<unknown> => masker.erase(datedResponse, { fields: HANDLER_FIELDS });

// ---------------------------------------------------------------------------------------------
// Timing.

/** A sink the optimiser cannot remove. */
export let blackhole: unknown;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

type Operation = () => unknown;

/**
 * The process's CPU time (user + system) in nanoseconds: on a crowded machine, wall time mostly
 * measures the wait for a core, which swamps the microsecond differences of the handler rows.
 * Each operation runs to completion on this thread (its promise settles within the loop), so
 * its CPU time is what it costs.
 */
const cpuNow = (): bigint => {
  const { user, system } = process.cpuUsage();
  return BigInt(user + system) * 1000n;
};

/**
 * Operations per second of CPU time of `operation` over about `milliseconds` of it (awaiting it
 * when it is async), after a full collection (with `--expose-gc`, as `npm run bench` runs): no
 * candidate pays for the garbage the previous one left.
 */
const timeFor = async (operation: Operation, milliseconds: number, isAsync: boolean): Promise<number> => {
  (globalThis as { gc?: () => void }).gc?.();
  const budget = BigInt(Math.round(milliseconds * 1e6));
  let iterations = 0;
  const start = cpuNow();
  let elapsed = 0n;
  do {
    for (let batch = 0; batch < 8; batch++) blackhole = isAsync ? await operation() : operation();
    iterations += 8;
    elapsed = cpuNow() - start;
  } while (elapsed < budget);
  return iterations / (Number(elapsed) / 1e9);
};

interface Pair {
  readonly name: string;
  readonly ours: Operation;
  readonly baselineName: string;
  readonly baseline: Operation;
  readonly isAsync: boolean;
}

const ROUNDS = 11;
const ROUND_MS = 150;

/** Interleaves ours and the baseline round after round (alternating who goes first); medians of the rounds. */
const compare = async (pair: Pair): Promise<Row> => {
  await timeFor(pair.ours, 100, pair.isAsync);
  await timeFor(pair.baseline, 100, pair.isAsync);
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      ours.push(await timeFor(pair.ours, ROUND_MS, pair.isAsync));
      baseline.push(await timeFor(pair.baseline, ROUND_MS, pair.isAsync));
    } else {
      baseline.push(await timeFor(pair.baseline, ROUND_MS, pair.isAsync));
      ours.push(await timeFor(pair.ours, ROUND_MS, pair.isAsync));
    }
  }
  return { name: pair.name, ours: median(ours), baseline: median(baseline), baselineName: pair.baselineName };
};

const handlerPair = (situation: string): Pair => ({
  name: `@MaskHandler([3 fields]) on an async handler, 1 plain record (${situation})`,
  ours: () => decoratedHandler({}, {}),
  baselineName: 'direct call: the handler returns masker.erase(result, { fields })',
  baseline: () => directHandler({}, {}),
  isAsync: true,
});

/**
 * Runs the decorator benchmarks; `ours` and `baseline` are operations per second (higher is
 * better), so ours costs `baseline / ours` times the baseline's time. Each pair's outputs are
 * checked equal before it is timed.
 */
export const runDecoratorBench = async (): Promise<Row[]> => {
  const rows: Row[] = [];
  deepStrictEqual(await decoratedHandler({}, {}), await directHandler({}, {}));
  // Before any class is decorated (when run alone or first): no DTO can be in the result, no scan.
  const situation = hasAnnotatedClasses() ? 'decorated classes loaded' : 'no decorated class in the process';
  rows.push(await compare(handlerPair(situation)));

  const { Customer, Address, Order, CtCustomer, CtAddress, CtOrder } = defineDtoClasses();
  const dtos = plains.map((plain) => toDto(plain, { customer: Customer, address: Address, order: Order }));
  const ctDtos = plains.map((plain) => toDto(plain, { customer: CtCustomer, address: CtAddress, order: CtOrder }));

  class DtoLambda {
    @MaskHandler({})
    public async handler(): Promise<unknown> {
      return dtos[7];
    }
  }
  const dtoLambda = new DtoLambda();
  const dtoHandler = dtoLambda.handler.bind(dtoLambda);
  const directDtoHandler = async (): Promise<unknown> => masker.maskSync(dtos[7]);
  // The same handler undecorated, awaited, then masked by hand: what @MaskHandler does, written out
  // (the handler's own promise included, which the direct call above does not have).
  class UndecoratedDtoLambda {
    public async handler(): Promise<unknown> {
      return dtos[7];
    }
  }
  const undecorated = new UndecoratedDtoLambda();
  const undecoratedHandler = undecorated.handler.bind(undecorated);
  const awaitedDtoHandler = async (): Promise<unknown> => masker.maskSync(await undecoratedHandler());

  const interpreted = masker.maskSync(dtos);
  deepStrictEqual(interpreted, eraseEquivalent());
  deepStrictEqual(interpreted, instanceToPlain(ctDtos));
  deepStrictEqual(await masker.mask(dtos), interpreted);
  deepStrictEqual(await dtoHandler(), await directDtoHandler());
  deepStrictEqual(await dtoHandler(), await awaitedDtoHandler());
  deepStrictEqual(await decoratedHandler({}, {}), await directHandler({}, {}));
  deepStrictEqual(await datedHandler({}, {}), await directDatedHandler({}, {}));

  rows.push(
    await compare({
      name: `maskSync: ${COUNT} nested decorated DTOs`,
      ours: () => masker.maskSync(dtos),
      baselineName: 'erase(plain, { fields, maskingRules }) with the same result',
      baseline: eraseEquivalent,
      isAsync: false,
    }),
  );
  rows.push(
    await compare({
      name: `await mask: ${COUNT} nested decorated DTOs`,
      ours: () => masker.mask(dtos),
      baselineName: 'erase(plain, { fields, maskingRules }) with the same result',
      baseline: eraseEquivalent,
      isAsync: true,
    }),
  );
  rows.push(
    await compare({
      name: `maskSync: ${COUNT} nested decorated DTOs`,
      ours: () => masker.maskSync(dtos),
      baselineName: 'class-transformer instanceToPlain with equivalent @Transform masks',
      baseline: () => instanceToPlain(ctDtos),
      isAsync: false,
    }),
  );
  rows.push(await compare(handlerPair('decorated classes loaded')));
  rows.push(
    await compare({
      name: '@MaskHandler([3 fields]) on an async handler, 1 plain record holding a Date (decorated classes loaded)',
      ours: () => datedHandler({}, {}),
      baselineName: 'direct call: the handler returns masker.erase(result, { fields })',
      baseline: () => directDatedHandler({}, {}),
      isAsync: true,
    }),
  );
  rows.push(
    await compare({
      name: '@MaskHandler({}) on an async handler returning a DTO',
      ours: () => dtoHandler(),
      baselineName: 'direct call: the handler returns masker.maskSync(dto)',
      baseline: () => directDtoHandler(),
      isAsync: true,
    }),
  );
  rows.push(
    await compare({
      name: '@MaskHandler({}) on an async handler returning a DTO',
      ours: () => dtoHandler(),
      baselineName: 'by hand: masker.maskSync(await handler()), the same handler undecorated',
      baseline: () => awaitedDtoHandler(),
      isAsync: true,
    }),
  );
  return rows;
};

if (require.main === module) {
  runDecoratorBench()
    .then((rows) => {
      console.log('ops/s (median of rounds), higher is better; time ratio = our time / baseline time');
      for (const row of rows) {
        console.log(
          `${row.name}\n  ours ${row.ours.toFixed(1)} ops/s | ${row.baselineName}: ${row.baseline.toFixed(1)} ops/s | time ratio ${(row.baseline / row.ours).toFixed(3)}x`,
        );
      }
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
