/**
 * Type-level tests of the public API: `npm run typecheck` (the first half of `npm test`) compiles
 * this file, and jest never runs it (it is not a `*.test.ts`). `expectTypeOf` fails the compile
 * when a type changes; each `@ts-expect-error` fails it when the line below stops being an error,
 * so these negative cases catch a type that loosens.
 */
import { expectTypeOf } from 'expect-type';
import { type DataMasking, Encrypt, Erase, MaskHandler, type MaskHandlerOptions, type Masked, type MaskedValue } from 'lambda-data-masking';
import { type MaskResponseMiddlewareOptions, maskResponse } from 'lambda-data-masking/middy';
// @ts-expect-error one name, one type: MaskResponseOptions is NestJS's (its context may be a function)
import type { MaskResponseOptions as MiddyMaskResponseOptions } from 'lambda-data-masking/middy';
import { MaskResponse, type MaskResponseOptions } from 'lambda-data-masking/nestjs';
// The public entry exports no internals:
// @ts-expect-error the path parser's counter is internal
import { getPathParseCount } from 'lambda-data-masking';
// @ts-expect-error the path cache's capacity is internal
import { PATH_CACHE_CAPACITY } from 'lambda-data-masking';
// @ts-expect-error options normalization is internal (MaskHandler, maskResponse and MaskResponse take the options)
import { normalizeMaskOptions } from 'lambda-data-masking';

void [getPathParseCount, PATH_CACHE_CAPACITY, normalizeMaskOptions];

interface Customer {
  id: number;
  email: string;
  address: { street: string; zip: number };
  tags: string[];
}

declare const customer: Customer;
declare const masker: DataMasking;

// -- Masked<T>: the structure is kept, any value below the root may have become a string --------

expectTypeOf<Masked<Customer>>().toEqualTypeOf<{
  id: number | string;
  email: string;
  address: { street: string; zip: number | string } | string;
  tags: string[] | string;
}>();
expectTypeOf<Masked<number[]>>().toEqualTypeOf<(number | string)[]>();
expectTypeOf<Masked<{ nested: { deep: boolean[] } }>>().toEqualTypeOf<{ nested: { deep: (boolean | string)[] | string } | string }>();
// A JSON string input is returned parsed: its shape is unknown.
expectTypeOf<Masked<string>>().toBeUnknown();
// The root of a MaskedValue may itself have become a string (erase without `fields`).
expectTypeOf<MaskedValue<{ a: number }>>().toEqualTypeOf<{ a: number | string } | string>();

// A masked value is not the original type: a number field may be a string now.
// @ts-expect-error Masked<Customer>['id'] includes string
expectTypeOf<Masked<Customer>['id']>().toEqualTypeOf<number>();
// @ts-expect-error the nested object may have been replaced by a string
const street: string = ({} as Masked<Customer>).address.street;
void street;

// -- erase ------------------------------------------------------------------------------------

expectTypeOf(masker.erase(customer, { fields: ['email'] })).toEqualTypeOf<Masked<Customer>>();
expectTypeOf(masker.erase(customer, { maskingRules: { email: { dynamicMask: true } } })).toEqualTypeOf<Masked<Customer>>();
// Without fields or rules the whole value may become '*****'.
expectTypeOf(masker.erase(customer)).toEqualTypeOf<MaskedValue<Customer>>();
expectTypeOf(masker.erase(customer, { dynamicMask: true })).toEqualTypeOf<MaskedValue<Customer>>();

// @ts-expect-error erase with fields does not give back the unmasked type
const erased: Customer = masker.erase(customer, { fields: ['email'] });
void erased;
// @ts-expect-error fields is a list of paths, not one path
masker.erase(customer, { fields: 'email' });
// @ts-expect-error an unknown option is a typo, not an option
masker.erase(customer, { field: ['email'] });
// @ts-expect-error erase is synchronous: no promise to await
void masker.erase(customer, { fields: ['email'] }).then;

// -- compile ------------------------------------------------------------------------------------

const eraseEmail = masker.compile({ fields: ['email'] });
expectTypeOf(eraseEmail(customer)).toEqualTypeOf<MaskedValue<Customer>>();
// @ts-expect-error compile takes erase options, not a path
masker.compile('email');

// -- encrypt -------------------------------------------------------------------------------------

// Whole payload: one ciphertext string.
expectTypeOf(masker.encrypt(customer)).toEqualTypeOf<Promise<string>>();
expectTypeOf(masker.encrypt(customer, { context: { tenant_id: 't-1' } })).toEqualTypeOf<Promise<string>>();
// Field level: the structure, with ciphertext strings in place.
expectTypeOf(masker.encrypt(customer, { fields: ['email'] })).toEqualTypeOf<Promise<Masked<Customer>>>();

async function encryptNegatives(): Promise<void> {
  // @ts-expect-error field-level encrypt does not return one ciphertext string
  const ciphertext: string = await masker.encrypt(customer, { fields: ['email'] });
  // @ts-expect-error context values are strings only (a number would reach KMS as text)
  await masker.encrypt(customer, { context: { tenant_id: 1 } });
  // @ts-expect-error encrypt is async: its result is a promise, not a string
  const now: string = masker.encrypt(customer);
  void ciphertext;
  void now;
}
void encryptNegatives;

// -- decrypt -------------------------------------------------------------------------------------

expectTypeOf(masker.decrypt('AgV4...')).toEqualTypeOf<Promise<unknown>>();
expectTypeOf(masker.decrypt<Customer>('AgV4...')).toEqualTypeOf<Promise<Customer>>();
expectTypeOf(masker.decrypt<Customer>({ email: 'AgV4...' }, { fields: ['email'] })).toEqualTypeOf<Promise<Customer>>();

// @ts-expect-error a whole-payload decrypt takes a ciphertext string, not an object
void masker.decrypt({ email: 'AgV4...' });
// @ts-expect-error an unknown option is refused
void masker.decrypt('AgV4...', { contexts: {} });

// -- mask, maskSync, unmask (decorated DTOs) ---------------------------------------------------

class CustomerDto {
  @Erase() public email!: string;
  @Encrypt() public ssn!: string;
  public name!: string;
}
declare const dto: CustomerDto;

expectTypeOf(masker.mask(dto)).toEqualTypeOf<Promise<Masked<CustomerDto>>>();
expectTypeOf(masker.maskSync([dto])).toEqualTypeOf<Masked<CustomerDto[]>>();
expectTypeOf(masker.unmask(CustomerDto, {})).toEqualTypeOf<Promise<CustomerDto>>();
expectTypeOf(masker.unmask(CustomerDto, [] as unknown[])).toEqualTypeOf<Promise<CustomerDto[]>>();
// @ts-expect-error unmask needs a class to build instances of
void masker.unmask({}, {});

// -- decorators and integrations: a list of fields or an options object, nothing else -----------

MaskHandler(['email']);
MaskHandler({ erase: ['email'], encrypt: ['ssn'], masker, body: true });
// @ts-expect-error one path is not a list of paths
MaskHandler('email');
// @ts-expect-error `fields` belongs to erase options; MaskHandler says `erase` or `encrypt`
MaskHandler({ fields: ['email'] });
// @ts-expect-error the masker must be a DataMasking
MaskHandler({ encrypt: ['ssn'], masker: {} });

maskResponse({ erase: ['email'], context: { tenant_id: 't-1' } });
// The Middy middleware takes @MaskHandler's options; NestJS's differ by a per-request context.
expectTypeOf<MaskResponseMiddlewareOptions>().toEqualTypeOf<MaskHandlerOptions>();
expectTypeOf<MaskResponseOptions>().not.toEqualTypeOf<MaskHandlerOptions>();
declare const middyOptions: MiddyMaskResponseOptions;
void middyOptions;
// @ts-expect-error Middy's context is a map of strings (a per-request function is NestJS's)
maskResponse({ erase: ['email'], context: () => ({ tenant_id: 't-1' }) });

MaskResponse({ encrypt: ['ssn'], context: () => ({ tenant_id: 't-1' }) });
// @ts-expect-error a context function returns strings only
MaskResponse({ encrypt: ['ssn'], context: () => ({ tenant_id: 1 }) });

// @ts-expect-error dynamicMask is a boolean
Erase({ dynamicMask: 'yes' });
// @ts-expect-error an @Encrypt context function reads the DTO and returns strings only
Encrypt<CustomerDto>({ context: (customerDto) => ({ name: customerDto.name.length }) });

// -- MaskingRule: one kind of mask per rule ------------------------------------------------------

masker.erase(customer, { fields: ['email'], dynamicMask: true });
masker.erase(customer, { fields: ['email'], customMask: 'XXX' });
masker.erase(customer, { fields: ['email'], regexPattern: /(.)(.*)@/, maskFormat: '$1***@' });
masker.erase(customer, { maskingRules: { email: {}, id: { dynamicMask: false }, 'address.zip': { regexPattern: '\\d', maskFormat: '*' } } });
Erase({ customMask: 'XXX' });
Erase({ regexPattern: '\\d', maskFormat: '*' });

// @ts-expect-error customMask and dynamicMask are two different masks: choose one
masker.erase(customer, { fields: ['email'], customMask: 'XXX', dynamicMask: true });
// @ts-expect-error regexPattern needs its maskFormat
masker.erase(customer, { fields: ['email'], regexPattern: /@.*/ });
// @ts-expect-error maskFormat alone replaces nothing
masker.erase(customer, { fields: ['email'], maskFormat: '***' });
// @ts-expect-error a regex rule is not also a custom mask
masker.erase(customer, { fields: ['email'], regexPattern: /@.*/, maskFormat: '@', customMask: 'X' });
// @ts-expect-error the same holds in maskingRules
masker.erase(customer, { maskingRules: { email: { customMask: 'X', dynamicMask: true } } });
// @ts-expect-error and in @Erase
Erase({ regexPattern: '\\d' });
// @ts-expect-error and in compile
masker.compile({ fields: ['email'], customMask: 'X', dynamicMask: true });
