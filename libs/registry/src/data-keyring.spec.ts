import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataKeyring, keyringFor } from './data-keyring.js';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

describe('DataKeyring', () => {
  it('round-trips, with a fresh nonce every time and no plaintext in the ciphertext', () => {
    const ring = new DataKeyring([k1]);
    const a = ring.seal('52010220150301123X');
    const b = ring.seal('52010220150301123X');
    expect(a.keyId).toBe('k1');
    expect(a.cipher.equals(b.cipher)).toBe(false);
    expect(a.cipher.toString('latin1')).not.toContain('20150301');
    expect(ring.open(a)).toBe('52010220150301123X');
  });

  it('rejects a tampered ciphertext', () => {
    const ring = new DataKeyring([k1]);
    const s = ring.seal('13812345678');
    s.cipher[s.cipher.length - 1]! ^= 1;
    expect(() => ring.open(s)).toThrow();
  });

  it('after rotation encrypts with the new key and still reads the old', () => {
    const old = new DataKeyring([k1]).seal('13812345678');
    const rotated = new DataKeyring([k2, k1]);
    expect(rotated.seal('x').keyId).toBe('k2');
    expect(rotated.open(old)).toBe('13812345678');
    expect(() => new DataKeyring([k2]).open(old)).toThrow("no data key with id 'k1'");
  });

  it('blind index: stable per key, different across keys, every key tried on lookup', () => {
    const a = new DataKeyring([k1]);
    const rotated = new DataKeyring([k2, k1]);
    expect(a.blindIndex('X1').equals(new DataKeyring([k1]).blindIndex('X1'))).toBe(true);
    expect(a.blindIndex('X1').equals(rotated.blindIndex('X1'))).toBe(false);
    expect(rotated.blindIndexes('X1').some((h) => h.equals(a.blindIndex('X1')))).toBe(true);
  });
});

describe('keyringFor', () => {
  it.each([
    ['production without a key', { nodeEnv: 'production' as const, dataKeys: null }, 'CARENET_DATA_KEY: required'],
  ])('%s: refuses', (_n, cfg, message) => {
    expect(() => keyringFor({ ...cfg, dataDir: '/nonexistent' })).toThrow(message);
  });

  it('tests: a random key per keyring, nothing written', () => {
    const a = keyringFor({ nodeEnv: 'test', dataKeys: null, dataDir: '/nonexistent' });
    const b = keyringFor({ nodeEnv: 'test', dataKeys: null, dataDir: '/nonexistent' });
    expect(a.blindIndex('x').equals(b.blindIndex('x'))).toBe(false);
  });

  it('development: a key generated once into the data directory, mode 0600, and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'carenet-key-'));
    try {
      const a = keyringFor({ nodeEnv: 'development', dataKeys: null, dataDir: dir });
      const b = keyringFor({ nodeEnv: 'development', dataKeys: null, dataDir: dir });
      expect(b.open(a.seal('x'))).toBe('x');
      expect(statSync(join(dir, 'data-key')).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(dir, 'data-key'), 'utf8')).toMatch(/^dev:[0-9a-f]{64}\n$/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('a configured key wins', () => {
    expect(keyringFor({ nodeEnv: 'production', dataKeys: [k1], dataDir: '/nonexistent' }).currentId).toBe('k1');
  });
});
