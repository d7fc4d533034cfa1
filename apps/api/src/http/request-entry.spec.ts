import { accessLine, SLOW_REQUEST_MS } from './request-entry.js';

describe('accessLine', () => {
  const never = () => false;
  const always = () => true;

  it.each([
    // status, finished, ms, client's own request id, quiet path, sampled → level and message, or nothing
    [500, true, 5, false, false, never, { level: 'error', msg: 'request failed' }],
    [503, true, 5, false, true, never, { level: 'error', msg: 'request failed' }],
    [200, false, 5, false, false, never, { level: 'info', msg: 'request aborted before its answer was sent' }],
    [200, true, SLOW_REQUEST_MS, false, false, never, { level: 'warn', msg: 'slow request' }],
    [200, true, SLOW_REQUEST_MS, false, true, never, { level: 'warn', msg: 'slow request' }],
    [429, true, 5, false, false, never, { level: 'info', msg: 'request completed' }],
    [400, true, 5, false, true, never, { level: 'info', msg: 'request completed' }],
    [200, true, 5, false, false, always, { level: 'info', msg: 'request completed' }],
    [200, true, 5, true, false, never, { level: 'info', msg: 'request completed' }],
    [200, true, 5, false, false, never, undefined],
    [200, true, 5, true, true, always, undefined],
  ] as const)('%i finished=%s in %i ms, own id %s, quiet %s', (status, finished, ms, ownId, quiet, sampled, expected) => {
    expect(accessLine(status, finished, ms, ownId, quiet, sampled)).toEqual(expected);
  });
});
