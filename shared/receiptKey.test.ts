import {
  RECEIPT_KEY_ALPHABET,
  RECEIPT_KEY_LOOK_ALIKES,
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

  it('When the alphabet is read, Then it has 33 distinct symbols, no letter that looks like a digit, and every key made before (no 0, O, 1, I, L) still in it', () => {
    expect(new Set(RECEIPT_KEY_ALPHABET).size).toBe(RECEIPT_KEY_ALPHABET.length);
    expect(RECEIPT_KEY_ALPHABET).toHaveLength(33);
    for (const [letter, digit] of Object.entries(RECEIPT_KEY_LOOK_ALIKES)) {
      expect(RECEIPT_KEY_ALPHABET).not.toContain(letter);
      expect(RECEIPT_KEY_ALPHABET).toContain(digit);
    }
    for (const c of 'ABCDEFGHJKMNPQRSTUVWXYZ23456789') expect(RECEIPT_KEY_ALPHABET).toContain(c);
    // A key made with the old alphabet reads as itself: its hash is still the one stored.
    expect(normalizeReceiptKey('7K4P-9XQ2-M3TA-H8WD')).toBe('7K4P-9XQ2-M3TA-H8WD');
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

  it('When a typed key holds O where the key has 0, or I or L where it has 1, in either case, Then it reads as the same key', () => {
    const key = '7K40-9XQ1-M3TA-H81D';
    for (const typed of ['7K4O-9XQI-M3TA-H8LD', '7k4o 9xqi m3ta h8ld', '7K4o9XQlM3TAh8Id', '7K40-9XQ1-M3TA-H81D']) {
      expect(parseReceiptKey(typed)).toEqual({ ok: true, key });
      expect(normalizeReceiptKey(typed)).toBe(key);
    }
    // The demo key was always shown with an O: it reads with a 0.
    expect(normalizeReceiptKey('DEMO-7K4P-9XQ2-M3TA')).toBe('DEM0-7K4P-9XQ2-M3TA');
  });

  it('When a typed key is empty, too short, too long or holds other characters, Then the problem is named', () => {
    expect(parseReceiptKey('  - ')).toEqual({ ok: false, problem: 'required' });
    expect(parseReceiptKey('7K4P-9XQ2-M3TA-H8W')).toEqual({ ok: false, problem: 'length' });
    expect(parseReceiptKey('7K4P-9XQ2-M3TA-H8WDA')).toEqual({ ok: false, problem: 'length' });
    expect(parseReceiptKey('7K4P-9XQ2-M3TA-H8WÑ')).toEqual({ ok: false, problem: 'characters' });
    expect(parseReceiptKey('NO-ES-LA-CLAVE')).toEqual({ ok: false, problem: 'length' });
    expect(parseReceiptKey('7K4P/9XQ2/M3TA/H8WD')).toEqual({ ok: false, problem: 'characters' });
  });

  it('When shown, Then the symbols are grouped by four', () => {
    expect(formatReceiptKey('7K4P9XQ2M3TAH8WD')).toBe('7K4P-9XQ2-M3TA-H8WD');
    expect(formatReceiptKey('7k4p 9xq2-m3ta h8wd')).toBe('7K4P-9XQ2-M3TA-H8WD');
    expect(isWellFormedReceiptKey('7k4p 9xq2 m3ta h8wd')).toBe(true);
    expect(isWellFormedReceiptKey('7k4p 9xq2 m3ta h8wo')).toBe(true);
    expect(isWellFormedReceiptKey('7k4p 9xq2 m3ta h8w*')).toBe(false);
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
    for (let i = 0; i < 33 * 16 * 4; i += 1) {
      for (const c of newReceiptKey(counter).replace(/-/g, '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const values = [...counts.values()];
    expect(counts.size).toBe(33);
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    // And the bytes that are drawn again never show up as a symbol.
    const high = (bytes: Uint8Array) => bytes.fill(255);
    let calls = 0;
    const highThenCounter = (bytes: Uint8Array) => (++calls <= 3 ? high(bytes) : counter(bytes));
    expect(newReceiptKey(highThenCounter)).toMatch(RECEIPT_KEY_PATTERN);
    expect(calls).toBeGreaterThan(3);
  });
});
