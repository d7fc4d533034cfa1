import { UploadGate, isLargeBody, LARGE_BODY_BYTES } from './upload-gate.js';

describe('isLargeBody', () => {
  it.each([
    [{}, false],
    [{ 'content-length': '120' }, false],
    [{ 'content-length': String(LARGE_BODY_BYTES) }, false],
    [{ 'content-length': String(LARGE_BODY_BYTES + 1) }, true],
    [{ 'content-length': 'lots' }, true],
    [{ 'transfer-encoding': 'chunked' }, true],
  ])('%j → %s', (headers, large) => {
    expect(isLargeBody(headers)).toBe(large);
  });
});

describe('UploadGate', () => {
  it('admits up to its slots, queues up to its waiting room, refuses the rest', async () => {
    const gate = new UploadGate(2, 1, 10_000);
    expect(await gate.enter()).toBe(true);
    expect(await gate.enter()).toBe(true);
    const third = gate.enter();
    expect(await gate.enter()).toBe(false); // the waiting room (1) is full
    gate.leave();
    expect(await third).toBe(true); // took the freed turn
    expect(gate.inUse).toBe(2);
    gate.leave();
    gate.leave();
    expect(gate.inUse).toBe(0);
  });

  it('refuses a waiter whose wait ran out, and does not hand it a turn later', async () => {
    const gate = new UploadGate(1, 5, 20);
    expect(await gate.enter()).toBe(true);
    expect(await gate.enter()).toBe(false);
    gate.leave();
    expect(gate.inUse).toBe(0);
  });
});
