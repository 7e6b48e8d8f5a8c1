/**
 * Testing your code: the handler under test in test/samples/testing-your-code.test.ts.
 * It erases one field of whatever event it gets.
 */
import { DataMasking } from 'lambda-data-masking';
import type { Context } from './lambda';

const masker = new DataMasking();

export const handler = async (event: Record<string, unknown>, _context: Context) => masker.erase(event, { fields: ['testkey'] });
