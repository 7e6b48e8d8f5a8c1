/**
 * Every example of the Python documentation's "Erasing data", "Choosing parts of your data" and
 * "JSON" sections, with its documented output. Two documented outputs are wrong and are
 * asserted corrected (see the comments at those cases).
 */
import { DataMasking } from '../../src';

const masker = new DataMasking();

const carlos = { name: 'Carlos', operation: 'non sensitive', card_number: '1111 2222 3333 4444' };

describe('seed: erasing data', () => {
  it('erases email, address.street and company_address', () => {
    const body = {
      id: 1,
      name: 'John Doe',
      age: 30,
      email: 'johndoe@example.com',
      address: { street: '123 Main St', city: 'Anytown', state: 'CA', zip: '12345' },
      company_address: { street: '456 ACME Ave', city: 'Anytown', state: 'CA', zip: '12345' },
    };
    expect(masker.erase(body, { fields: ['email', 'address.street', 'company_address'] })).toEqual({
      id: 1,
      name: 'John Doe',
      age: 30,
      email: '*****',
      address: { street: '*****', city: 'Anytown', state: 'CA', zip: '12345' },
      company_address: '*****',
    });
  });

  it('erases the whole dictionary when fields is omitted', () => {
    expect(masker.erase({ a: 1, b: { c: 2 } })).toBe('*****');
  });

  it('keeps the collection type: {"cards": ["a", "b"]} -> {"cards": ["*****", "*****"]}', () => {
    expect(masker.erase({ cards: ['a', 'b'] }, { fields: ['cards'] })).toEqual({ cards: ['*****', '*****'] });
  });
});

describe('seed: choosing parts of your data', () => {
  it('top-level key', () => {
    expect(masker.erase(carlos, { fields: ['card_number'] })).toEqual({ ...carlos, card_number: '*****' });
  });

  it('nested key', () => {
    const data = { ...carlos, address: { postcode: 12345 } };
    expect(masker.erase(data, { fields: ['address.postcode'] })).toEqual({ ...carlos, address: { postcode: '*****' } });
  });

  it('multiple keys', () => {
    const data = { ...carlos, address: { postcode: 12345, street: '123 Any Street' } };
    expect(masker.erase(data, { fields: ['address.postcode', 'address.street'] })).toEqual({
      ...carlos,
      address: { postcode: '*****', street: '*****' },
    });
  });

  it('all key items', () => {
    const data = {
      ...carlos,
      address: [
        { postcode: 12345, street: '123 Any Street', country: 'United States', timezone: 'America/La_Paz' },
        { postcode: 67890, street: '100 Main Street', country: 'United States', timezone: 'America/Mazatlan' },
      ],
    };
    expect(masker.erase(data, { fields: ['address'] })).toEqual({ ...carlos, address: ['*****', '*****'] });
  });

  it('complex nested key', () => {
    const data = { category: { subcategory: { brand: { product: { name: 'Car' } } } } };
    expect(masker.erase(data, { fields: ['category..name'] })).toEqual({
      category: { subcategory: { brand: { product: { name: '*****' } } } },
    });
  });

  it('all fields in a list', () => {
    const data = {
      ...carlos,
      address: [
        { postcode: 12345, street: '123 Any Drive' },
        { postcode: 67890, street: '100 Main Street,' },
      ],
    };
    expect(masker.erase(data, { fields: ['address[*].street'] })).toEqual({
      ...carlos,
      address: [
        { postcode: 12345, street: '*****' },
        { postcode: 67890, street: '*****' },
      ],
    });
  });

  it('slicing a list (corrected: postcode 78495 stays 78495; the seed shows 11111)', () => {
    const data = {
      ...carlos,
      address: [
        { postcode: 12345, street: '123 Any Street' },
        { postcode: 67890, street: '100 Main Street' },
        { postcode: 78495, street: '111 Any Drive' },
      ],
    };
    expect(masker.erase(data, { fields: ['address[-1].street'] })).toEqual({
      ...carlos,
      address: [
        { postcode: 12345, street: '123 Any Street' },
        { postcode: 67890, street: '100 Main Street' },
        { postcode: 78495, street: '*****' },
      ],
    });
  });

  describe('complex expressions', () => {
    const data = {
      ...carlos,
      address: [
        { postcode: 12345, street: '123 Any Drive' },
        { postcode: 67890, street: '111 Main Street' },
        { postcode: 11111, street: '100 Any Street' },
      ],
    };

    it('$.address[?(@.postcode > 12000)] replaces the matching elements themselves (corrected)', () => {
      expect(masker.erase(data, { fields: ['$.address[?(@.postcode > 12000)]'] })).toEqual({
        ...carlos,
        address: ['*****', '*****', { postcode: 11111, street: '100 Any Street' }],
      });
    });

    it("$.address[?(@.postcode > 12000)].street masks only their streets (the seed's documented output)", () => {
      expect(masker.erase(data, { fields: ['$.address[?(@.postcode > 12000)].street'] })).toEqual({
        ...carlos,
        address: [
          { postcode: 12345, street: '*****' },
          { postcode: 67890, street: '*****' },
          { postcode: 11111, street: '100 Any Street' },
        ],
      });
    });
  });
});

describe('seed: JSON', () => {
  it('accepts a JSON string and returns the parsed, erased data', () => {
    const data = '{"name": "Carlos", "operation": "non sensitive", "card_number": "1111 2222 3333 4444", "address": {"postcode": 12345}}';
    expect(masker.erase(data, { fields: ['card_number', 'address.postcode'] })).toEqual({
      name: 'Carlos',
      operation: 'non sensitive',
      card_number: '*****',
      address: { postcode: '*****' },
    });
  });
});
