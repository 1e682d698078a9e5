import { readReceiptCheck } from './receiptCheck';
import { trackSchema } from './validation/intake';
import { claimSchema } from './validation/accounts';

describe('A case named by its reference and receipt key, read one way at every door', () => {
  const KEY = '7K4P-9XQ2-M3TA-H8W0';

  it('When a reference, a provisional code and a key are typed loosely, Then tracking, claiming and SMS read them alike', () => {
    const typed = [
      { reference: ' ces-2026-000123 ', receiptKey: '7k4p 9xq2 m3ta h8wo', named: 'CES-2026-000123' },
      { reference: 'p 7k4p 9xqz', receiptKey: '7K4P9XQ2M3TAH8W0', named: 'P-7K4P-9XQZ' },
      { reference: 'P-IK4P-9XQO', receiptKey: KEY, named: 'P-1K4P-9XQ0' },
    ];
    for (const { reference, receiptKey, named } of typed) {
      const read = { reference: named, receiptKey: KEY };
      expect(trackSchema.parse({ reference, receiptKey })).toEqual(read);
      expect(claimSchema.parse({ reference, receiptKey })).toEqual(read);
      expect(readReceiptCheck(reference, receiptKey)).toEqual(read);
    }
  });

  it('When the reference cannot be one, Then tracking and claiming refuse it naming the field, and SMS reads nothing', () => {
    for (const reference of ['CES-26-1', 'no es una referencia']) {
      for (const schema of [trackSchema, claimSchema]) {
        const parsed = schema.safeParse({ reference, receiptKey: KEY });
        expect(parsed.success).toBe(false);
        expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['reference', 'validation.reference']]);
      }
      expect(readReceiptCheck(reference, KEY)).toBeNull();
    }
    expect(readReceiptCheck('CES-2026-000123', '7K4P-9XQ2')).toBeNull();
  });
});
