import { isFullStrengthReceiptKey, isProvisionalCode, newDeviceReceiptKey, newProvisionalCode, normalizeProvisionalCode } from './deviceReceipt';
import { formatReceiptKey, isWellFormedReceiptKey, RECEIPT_KEY_ALPHABET, receiptKeySymbols } from './receiptKey';

describe('Receipt keys and provisional codes made on the device', () => {
  it('When many keys are made, Then each is of full strength, in groups of four, and every symbol is equally likely (chi-square)', () => {
    const counts = new Map<string, number>();
    const keys = new Set<string>();
    for (let i = 0; i < 4000; i += 1) {
      const key = newDeviceReceiptKey();
      expect(key).toMatch(/^[0-9A-HJKMNP-Z]{4}(-[0-9A-HJKMNP-Z]{4}){3}$/);
      expect(isFullStrengthReceiptKey(key)).toBe(true);
      keys.add(key);
      for (const s of receiptKeySymbols(key)) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect(keys.size).toBe(4000);
    const expected = (4000 * 16) / RECEIPT_KEY_ALPHABET.length;
    const chiSquare = [...RECEIPT_KEY_ALPHABET].reduce((sum, s) => sum + ((counts.get(s) ?? 0) - expected) ** 2 / expected, 0);
    // 32 degrees of freedom: 62.5 is the 0.1 % critical value; a modulo bias of 256 % 33 would exceed it.
    expect(chiSquare).toBeLessThan(62.5);
  });

  it('When a key is typed back with spaces, dashes, dots or in lower case, Then it is the same key; O, I and L are read as 0 and 1; a missing symbol or another sign is not well-formed', () => {
    const key = '7K4P-9XQ2-M3TA-H8WD';
    for (const typed of ['7k4p 9xq2 m3ta h8wd', '7K4P9XQ2M3TAH8WD', ' 7K-4P9.XQ2 M3TA-h8wd ', '7K4P–9XQ2–M3TA–H8WD'.replace(/–/g, '-')]) {
      expect(formatReceiptKey(typed)).toBe(key);
    }
    expect(formatReceiptKey('7K4P-9XQ2-M3TA-H8WO')).toBe('7K4P-9XQ2-M3TA-H8W0');
    expect(formatReceiptKey('IK4P-9XQ2-M3TA-H8WL')).toBe('1K4P-9XQ2-M3TA-H8W1');
    expect(isWellFormedReceiptKey('7K4P-9XQ2-M3TA-H8W#')).toBe(false);
    expect(isWellFormedReceiptKey('7K4P-9XQ2-M3TA-H8W')).toBe(false);
    expect(isFullStrengthReceiptKey('2222-2222-2222-2222')).toBe(false);
    expect(isFullStrengthReceiptKey('ABCD-EFGH-ABCD-EFGH')).toBe(false);
  });

  it('When a provisional code is typed back loosely, Then it comes back in its display form; a reference stays a reference', () => {
    const code = newProvisionalCode();
    expect(isProvisionalCode(code)).toBe(true);
    expect(normalizeProvisionalCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
    expect(normalizeProvisionalCode(code.replace(/-/g, ''))).toBe(code);
    expect(normalizeProvisionalCode('p 7k4o 9xqi')).toBe('P-7K40-9XQ1');
    expect(normalizeProvisionalCode(' ces-2026-000123 ')).toBe('CES-2026-000123');
    expect(isProvisionalCode(normalizeProvisionalCode('P-0000-111'))).toBe(false);
    expect(isProvisionalCode(normalizeProvisionalCode('P-0000-111#'))).toBe(false);
  });
});
