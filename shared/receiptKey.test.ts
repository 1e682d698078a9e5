import {
  RECEIPT_KEY_ALPHABET,
  RECEIPT_KEY_CONFUSABLES,
  RECEIPT_KEY_PATTERN,
  formatReceiptKey,
  isWellFormedReceiptKey,
  newReceiptKey,
  normalizeReceiptKey,
  parseReceiptKey,
} from './receiptKey';

describe('Receipt keys', () => {
  it('When a key is made, Then it has four groups of four symbols from the alphabet and reads back as itself', () => {
    for (let i = 0; i < 200; i += 1) {
      const key = newReceiptKey();
      expect(key).toMatch(RECEIPT_KEY_PATTERN);
      expect(normalizeReceiptKey(key)).toBe(key);
    }
  });

  it('When the alphabet is read, Then it has none of the characters people misread, and 31 distinct symbols', () => {
    expect(new Set(RECEIPT_KEY_ALPHABET).size).toBe(RECEIPT_KEY_ALPHABET.length);
    expect(RECEIPT_KEY_ALPHABET).toHaveLength(31);
    for (const c of RECEIPT_KEY_CONFUSABLES) expect(RECEIPT_KEY_ALPHABET).not.toContain(c);
  });

  it('When a key is typed with spaces, dashes of any kind, dots or in lower case, Then it reads as the same key', () => {
    const key = '7K4P-9XQ2-M3TA-H8WD';
    for (const typed of [
      '7K4P 9XQ2 M3TA H8WD',
      '7k4p9xq2m3tah8wd',
      ' 7k4p - 9xq2 - m3ta - h8wd ',
      '7K4P–9XQ2—M3TA‐H8WD', // en dash, em dash, hyphen: what phones put in place of '-'
      '7K4P\u00a09XQ2\u00a0M3TA\u00a0H8WD', // non-breaking spaces from a pasted message
      '7K4P.9XQ2.M3TA.H8WD',
      '7K 4P9X Q2M3TAH 8WD',
    ]) {
      expect(normalizeReceiptKey(typed)).toBe(key);
    }
  });

  it('When a typed key holds an O, 0, I, 1 or L, Then it is refused as confusable rather than guessed at', () => {
    for (const typed of ['7K4P-9XQ2-M3TA-H8W0', '7K4P-9XQ2-M3TA-H8WO', '1K4P-9XQ2-M3TA-H8WD', 'IK4P-9XQ2-M3TA-H8WD', '7K4P-9XQ2-M3TA-H8WL', '7k4p-9xq2-m3ta-h8wl']) {
      expect(parseReceiptKey(typed)).toEqual({ ok: false, problem: 'confusable' });
      expect(normalizeReceiptKey(typed)).toBeNull();
    }
  });

  it('When a typed key is empty, too short, too long or holds other characters, Then the problem is named', () => {
    expect(parseReceiptKey('  - ')).toEqual({ ok: false, problem: 'required' });
    expect(parseReceiptKey('7K4P-9XQ2-M3TA-H8W')).toEqual({ ok: false, problem: 'length' });
    expect(parseReceiptKey('7K4P-9XQ2-M3TA-H8WDA')).toEqual({ ok: false, problem: 'length' });
    expect(parseReceiptKey('7K4P-9XQ2-M3TA-H8WÑ')).toEqual({ ok: false, problem: 'characters' });
    expect(parseReceiptKey('7K4P/9XQ2/M3TA/H8WD')).toEqual({ ok: false, problem: 'characters' });
  });

  it('When shown, Then the symbols are grouped by four', () => {
    expect(formatReceiptKey('7K4P9XQ2M3TAH8WD')).toBe('7K4P-9XQ2-M3TA-H8WD');
    expect(formatReceiptKey('7k4p 9xq2-m3ta h8wd')).toBe('7K4P-9XQ2-M3TA-H8WD');
    expect(isWellFormedReceiptKey('7k4p 9xq2 m3ta h8wd')).toBe(true);
    expect(isWellFormedReceiptKey('7k4p 9xq2 m3ta h8w0')).toBe(false);
  });

  it('When random bytes are drawn, Then every symbol is equally likely (bytes that would favour the first symbols are drawn again)', () => {
    // A counter as the random source walks every byte value equally often: a fair draw then gives
    // every symbol the same count, while folding all 256 values would give the first symbols one more.
    let next = 0;
    const counter = (bytes: Uint8Array) => {
      for (let i = 0; i < bytes.length; i += 1) bytes[i] = next++ % 256;
      return bytes;
    };
    const counts = new Map<string, number>();
    for (let i = 0; i < 31 * 16 * 4; i += 1) {
      for (const c of newReceiptKey(counter).replace(/-/g, '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const values = [...counts.values()];
    expect(counts.size).toBe(31);
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    // And the bytes that are drawn again never show up as a symbol.
    const high = (bytes: Uint8Array) => bytes.fill(255);
    let calls = 0;
    const highThenCounter = (bytes: Uint8Array) => (++calls <= 3 ? high(bytes) : counter(bytes));
    expect(newReceiptKey(highThenCounter)).toMatch(RECEIPT_KEY_PATTERN);
    expect(calls).toBeGreaterThan(3);
  });
});
