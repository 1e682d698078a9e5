/**
 * Encrypts identities, contacts, account data and map points at rest (AES-256-GCM): a database dump or
 * backup alone never reveals who complained or where (issue #15 §3, docs/encryption.md). The keys live
 * outside the database: a keyring of data keys, each with an id written into every ciphertext, so the key
 * can be rotated (`npm run admin -- rotate-key`), and DATA_KEY, the root of the keyed fingerprints (blind
 * indexes and receipt-key hashes), which rotation leaves alone.
 */
import crypto from 'node:crypto';

/** Ciphertexts made before key ids and associated data: `v1.<iv>.<tag>.<data>`, under the key `k0`. */
const LEGACY = 'v1';
/** `v2.<key id>.<iv>.<tag>.<data>` (base64url parts), associated data = the row and column it belongs to. */
const VERSION = 'v2';
/** The id of DATA_KEY when it encrypts (every ciphertext made before the keyring existed used it). */
export const LEGACY_KEY_ID = 'k0';

/** Where a ciphertext belongs: it opens only there (AEAD associated data), so it cannot be moved. */
export interface CipherPlace {
  table: string;
  column: string;
  /** The row's primary key (as text). */
  id: string;
}

/** The data keys by id and the one new ciphertexts are made with. */
export interface Keyring {
  currentId: string;
  keys: ReadonlyMap<string, Buffer>;
}

/** A ciphertext's key id (`k0` for the legacy format), or null if the text is not one of ours. */
export function keyIdOf(text: string): string | null {
  const parts = text.split('.');
  if (parts[0] === VERSION && parts.length === 5) return parts[1]!;
  if (parts[0] === LEGACY && parts.length === 4) return LEGACY_KEY_ID;
  return null;
}

/** Whether `text` is made under the current key and bound to its place (nothing left for rotate-key to do). */
export function isCurrentFormat(text: string, currentId: string): boolean {
  return text.startsWith(`${VERSION}.${currentId}.`);
}

function associatedData(place: CipherPlace): Buffer {
  // Lengths first, so that no two places give the same bytes ("a.b" + "c" vs "a" + "b.c").
  return Buffer.from(JSON.stringify([place.table, place.column, place.id]), 'utf8');
}

/** Encrypts and decrypts small JSON values; computes keyed fingerprints. */
export class FieldCipher {
  private readonly keyring: Keyring;
  private readonly subkeys = new Map<string, Buffer>();
  /** Random bytes for IVs, drawn in blocks (see nextIv). */
  private ivPool = Buffer.alloc(0);
  private ivOffset = 0;

  /**
   * @param rootKey DATA_KEY: the root of every fingerprint, and the data key `k0` unless the keyring says otherwise.
   * @param keyring the data keys (default: `k0` = rootKey, current).
   */
  constructor(
    private readonly rootKey: Buffer,
    keyring?: Keyring,
  ) {
    if (rootKey.length !== 32) throw new Error('FieldCipher needs a 32-byte key');
    this.keyring = keyring ?? { currentId: LEGACY_KEY_ID, keys: new Map([[LEGACY_KEY_ID, rootKey]]) };
    for (const [id, key] of this.keyring.keys) {
      if (key.length !== 32) throw new Error(`Data key ${id} is not 32 bytes`);
      if (!/^[A-Za-z0-9_-]{1,16}$/.test(id)) throw new Error(`Data key id ${id} must be 1–16 letters, digits, '-' or '_'`);
    }
    if (!this.keyring.keys.has(this.keyring.currentId)) throw new Error(`The current data key ${this.keyring.currentId} is not in the keyring`);
  }

  /** The id of the key new ciphertexts are made with. */
  get currentKeyId(): string {
    return this.keyring.currentId;
  }

  /** Ciphertext of `value` under the current key, bound to `place`; a fresh IV every time. */
  seal(value: unknown, place: CipherPlace): string {
    const id = this.keyring.currentId;
    const iv = this.nextIv();
    const cipher = crypto.createCipheriv('aes-256-gcm', this.keyring.keys.get(id)!, iv);
    cipher.setAAD(associatedData(place));
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return [VERSION, id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  /**
   * A fresh 12-byte IV from the system's random source, taken from a block drawn 512 IVs at a time: each
   * slice is used once, so IVs stay random and never repeat, and a deadline sweep sealing thousands of
   * e-mails makes one call to the random source per 512 of them instead of one each.
   */
  private nextIv(): Buffer {
    if (this.ivOffset + 12 > this.ivPool.length) {
      this.ivPool = crypto.randomBytes(12 * 512);
      this.ivOffset = 0;
    }
    const iv = this.ivPool.subarray(this.ivOffset, this.ivOffset + 12);
    this.ivOffset += 12;
    return iv;
  }

  /**
   * The value back; throws if the text was altered, belongs to another row or column, or was made with a
   * key the keyring no longer holds. A legacy (v1) text has no place: it opens anywhere until rotate-key
   * (or the start-up sealing) rewrites it bound.
   */
  open<T>(text: string, place: CipherPlace): T {
    const parts = text.split('.');
    let keyId: string;
    let rest: string[];
    let aad: Buffer | null;
    if (parts[0] === VERSION && parts.length === 5) {
      [keyId, ...rest] = parts.slice(1) as [string, string, string, string];
      aad = associatedData(place);
    } else if (parts[0] === LEGACY && parts.length === 4) {
      keyId = LEGACY_KEY_ID;
      rest = parts.slice(1);
      aad = null;
    } else {
      throw new Error('Unknown ciphertext format');
    }
    const key = this.keyring.keys.get(keyId);
    if (!key) throw new Error(`Data key ${keyId} is not in the keyring`);
    const [iv, tag, data] = rest as [string, string, string];
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as T;
  }

  /** Like open, for a nullable column. */
  openNullable<T>(text: string | null, place: CipherPlace): T | null {
    return text === null ? null : this.open<T>(text, place);
  }

  /**
   * A keyed fingerprint of `value` (HMAC-SHA256, hex) under a subkey of DATA_KEY derived for `purpose`:
   * the same value always gives the same fingerprint, so a column of them can be unique and searched (a
   * blind index), yet a database dump alone cannot test guesses against it. Normalise `value` first.
   */
  fingerprint(purpose: string, value: string): string {
    let subkey = this.subkeys.get(purpose);
    if (!subkey) {
      subkey = Buffer.from(crypto.hkdfSync('sha256', this.rootKey, Buffer.alloc(0), `puente:${purpose}`, 32));
      this.subkeys.set(purpose, subkey);
    }
    return crypto.createHmac('sha256', subkey).update(value, 'utf8').digest('hex');
  }
}
