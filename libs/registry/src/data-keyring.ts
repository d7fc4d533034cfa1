/**
 * Encryption of personal identifiers at rest: AES-256-GCM with a random
 * 96-bit nonce per value, the key id stored beside the ciphertext so that
 * keys can be rotated (the first configured key encrypts; older ones still
 * decrypt). A blind index (HMAC-SHA-256 under a key derived from each data
 * key) finds an ID number without decrypting anything; a lookup tries the
 * index of every configured key, so a rotation does not hide earlier files.
 *
 * Layout of a ciphertext: nonce (12) ‖ tag (16) ‖ encrypted bytes.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDataKeys, type Config, type DataKey } from '@carenet/core';

export interface Sealed {
  cipher: Buffer;
  keyId: string;
}

export class DataKeyring {
  private readonly byId: Map<string, { key: Buffer; blindKey: Buffer }>;

  constructor(keys: DataKey[]) {
    if (keys.length === 0) throw new Error('DataKeyring: at least one key');
    this.byId = new Map(keys.map((k) => [k.id, { key: k.key, blindKey: Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), 'carenet blind index v1', 32)) }]));
    this.currentId = keys[0]!.id;
  }

  readonly currentId: string;

  seal(plain: string): Sealed {
    const { key } = this.byId.get(this.currentId)!;
    const nonce = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, nonce);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return { cipher: Buffer.concat([nonce, c.getAuthTag(), body]), keyId: this.currentId };
  }

  open(sealed: Sealed): string {
    const entry = this.byId.get(sealed.keyId);
    if (!entry) throw new Error(`no data key with id '${sealed.keyId}' is configured (CARENET_DATA_KEY)`);
    const d = createDecipheriv('aes-256-gcm', entry.key, sealed.cipher.subarray(0, 12));
    d.setAuthTag(sealed.cipher.subarray(12, 28));
    return Buffer.concat([d.update(sealed.cipher.subarray(28)), d.final()]).toString('utf8');
  }

  /** The blind index under the current key (what is stored). */
  blindIndex(normalized: string): Buffer {
    return this.blindWith(this.currentId, normalized);
  }

  /** The blind index under every configured key (what a lookup compares with). */
  blindIndexes(normalized: string): Buffer[] {
    return [...this.byId.keys()].map((id) => this.blindWith(id, normalized));
  }

  private blindWith(id: string, normalized: string): Buffer {
    return createHmac('sha256', this.byId.get(id)!.blindKey).update(normalized, 'utf8').digest();
  }
}

/**
 * The keyring of a process: CARENET_DATA_KEY when set (required in
 * production, checked by the configuration). Without it, tests get a random
 * key of their own, and development a key generated once into the data
 * directory (`<CARENET_DATA_DIR>/data-key`, mode 0600), so a restart still
 * reads what it wrote. No key is ever built into the code.
 */
export function keyringFor(config: Pick<Config, 'nodeEnv' | 'dataKeys' | 'dataDir'>): DataKeyring {
  if (config.dataKeys && config.dataKeys.length > 0) return new DataKeyring(config.dataKeys);
  if (config.nodeEnv === 'production') throw new Error('CARENET_DATA_KEY: required when NODE_ENV=production');
  if (config.nodeEnv === 'test') return new DataKeyring([{ id: 'test', key: randomBytes(32) }]);
  const file = join(config.dataDir, 'data-key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `dev:${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const problems: string[] = [];
  const keys = parseDataKeys(readFileSync(file, 'utf8').trim(), problems);
  if (problems.length) throw new Error(`${file}: ${problems.join('; ')}`);
  return new DataKeyring(keys);
}
