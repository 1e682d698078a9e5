/**
 * Encrypts complainants' identities and contacts at rest (AES-256-GCM): a database dump or backup
 * alone never reveals who complained. The key lives outside the database (DATA_KEY).
 */
import crypto from 'node:crypto';

const VERSION = 'v1';

/** Encrypts and decrypts small JSON values with one key. */
export class FieldCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('FieldCipher needs a 32-byte key');
  }

  /** Ciphertext as `v1.<iv>.<tag>.<data>` (base64url parts); a fresh IV every time. */
  encrypt(value: unknown): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  /**
   * A keyed fingerprint of `value` (HMAC-SHA256, hex) under a subkey derived for `purpose`: the same value
   * always gives the same fingerprint, so a column of them can be unique, yet a database dump alone
   * cannot test guesses against it. Used for device-made receipt keys (docs/offline-intake.md).
   */
  fingerprint(purpose: string, value: string): string {
    const subkey = Buffer.from(crypto.hkdfSync('sha256', this.key, Buffer.alloc(0), `puente:${purpose}`, 32));
    return crypto.createHmac('sha256', subkey).update(value, 'utf8').digest('hex');
  }

  /** The value back; throws if the text was altered or made with another key. */
  decrypt<T>(text: string): T {
    const [version, iv, tag, data] = text.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('Unknown ciphertext format');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as T;
  }
}
