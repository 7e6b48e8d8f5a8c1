/**
 * The erase samples run on their events, with the outputs the Python documentation gives
 * (two of them corrected, as noted), and those of the samples it has no counterpart for.
 */
import { DataMaskingFieldNotFoundError } from 'lambda-data-masking';
import * as allFieldsInAList from '../../samples/choosing-parts/all-fields-in-a-list';
import * as allKeyItems from '../../samples/choosing-parts/all-key-items';
import * as complexNestedKey from '../../samples/choosing-parts/complex-nested-key';
import * as conditionalExpression from '../../samples/choosing-parts/conditional-expression';
import * as multipleKeys from '../../samples/choosing-parts/multiple-keys';
import * as nestedKey from '../../samples/choosing-parts/nested-key';
import * as slicingAList from '../../samples/choosing-parts/slicing-a-list';
import * as topLevelKey from '../../samples/choosing-parts/top-level-key';
import * as customMasks from '../../samples/custom-masks';
import * as gettingStartedErase from '../../samples/getting-started-erase';
import * as jsonInput from '../../samples/json-input';
import * as maskHandler from '../../samples/mask-handler';
import * as missingFields from '../../samples/missing-fields';
import { lambdaContext, readEvent } from './events';

const carlos = { name: 'Carlos', operation: 'non sensitive', card_number: '1111 2222 3333 4444' };

const erasedCustomer = {
  id: 1,
  name: 'John Doe',
  age: 30,
  email: '*****',
  address: { street: '*****', city: 'Anytown', state: 'CA', zip: '12345' },
  company_address: '*****',
};

describe('getting started: erasing data', () => {
  it('erases email, address.street and company_address, as documented', async () => {
    const event = readEvent('customer-event.json');
    await expect(gettingStartedErase.handler(event, lambdaContext)).resolves.toEqual(erasedCustomer);
    expect(event.body.email).toBe('johndoe@example.com'); // the event is not mutated
  });

  it('gives the same result with @MaskHandler on a handler class', async () => {
    await expect(maskHandler.handler(readEvent('customer-event.json'))).resolves.toEqual(erasedCustomer);
  });
});

describe('choosing parts of your data', () => {
  it('a top-level key', async () => {
    await expect(topLevelKey.handler(readEvent('choosing-parts/top-level-key.json'))).resolves.toEqual({
      ...carlos,
      card_number: '*****',
    });
  });

  it('a nested key', async () => {
    await expect(nestedKey.handler(readEvent('choosing-parts/nested-key.json'))).resolves.toEqual({
      ...carlos,
      address: { postcode: '*****' },
    });
  });

  it('several keys', async () => {
    await expect(multipleKeys.handler(readEvent('choosing-parts/multiple-keys.json'))).resolves.toEqual({
      ...carlos,
      address: { postcode: '*****', street: '*****' },
    });
  });

  it('every item under a key: the list keeps its length', async () => {
    await expect(allKeyItems.handler(readEvent('choosing-parts/all-key-items.json'))).resolves.toEqual({
      ...carlos,
      address: ['*****', '*****'],
    });
  });

  it('a key at any depth', async () => {
    await expect(complexNestedKey.handler(readEvent('choosing-parts/complex-nested-key.json'))).resolves.toEqual({
      category: { subcategory: { brand: { product: { name: '*****' } } } },
    });
  });

  it('a key in every element of a list', async () => {
    await expect(allFieldsInAList.handler(readEvent('choosing-parts/all-fields-in-a-list.json'))).resolves.toEqual({
      ...carlos,
      address: [
        { postcode: 12345, street: '*****' },
        { postcode: 67890, street: '*****' },
      ],
    });
  });

  it('the last element of a list (corrected: postcode 78495 stays 78495)', async () => {
    await expect(slicingAList.handler(readEvent('choosing-parts/slicing-a-list.json'))).resolves.toEqual({
      ...carlos,
      address: [
        { postcode: 12345, street: '123 Any Street' },
        { postcode: 67890, street: '100 Main Street' },
        { postcode: 78495, street: '*****' },
      ],
    });
  });

  it('a filter replaces the matching elements themselves (corrected)', async () => {
    await expect(conditionalExpression.handler(readEvent('choosing-parts/conditional-expression.json'))).resolves.toEqual({
      ...carlos,
      address: ['*****', '*****', { postcode: 11111, street: '100 Any Street' }],
    });
  });

  it('a filter followed by .street erases only their streets (the documented output)', async () => {
    await expect(conditionalExpression.streetsHandler(readEvent('choosing-parts/conditional-expression.json'))).resolves.toEqual({
      ...carlos,
      address: [
        { postcode: 12345, street: '*****' },
        { postcode: 67890, street: '*****' },
        { postcode: 11111, street: '100 Any Street' },
      ],
    });
  });
});

describe('JSON string input', () => {
  it('parses the body, erases the fields and returns an object', async () => {
    const event = readEvent('json-input-event.json');
    expect(typeof event.body).toBe('string');
    await expect(jsonInput.handler(event)).resolves.toEqual({ ...carlos, card_number: '*****', address: { postcode: '*****' } });
  });
});

describe('custom masks and masking rules', () => {
  it('applies a rule per path and the default mask to the plain fields', async () => {
    await expect(customMasks.handler(readEvent('custom-masks-event.json'))).resolves.toEqual({
      name: 'John Doe',
      email: 'j***@example.com',
      phone: '** ***-****',
      ssn: '*****',
      card: { number: '**** **** **** 1111', cvv: 'XXX' },
      address: { street: '*** **** **', zip: '*****' },
    });
  });
});

describe('missing fields', () => {
  it('warns through the logger, naming the paths and not the data, and erases what it finds', async () => {
    missingFields.warnings.length = 0;
    await expect(missingFields.handler(readEvent('missing-fields-event.json'))).resolves.toEqual({
      id: 1,
      email: '*****',
      address: { city: 'Anytown' },
    });
    expect(missingFields.warnings).toEqual([expect.stringContaining("'phone'"), expect.stringContaining("'address.street'")]);
    expect(missingFields.warnings.join('\n')).not.toContain('Anytown');
  });

  it('throws by default (the getting started sample, on an event without its fields)', async () => {
    await expect(gettingStartedErase.handler({ body: { id: 1 } })).rejects.toThrow(DataMaskingFieldNotFoundError);
  });
});
