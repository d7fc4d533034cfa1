import { checkContact, checkEmail, checkLevel, checkWebhookUrl, webhookCurrentFrom } from './notification-addresses.js';

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('where notifications go', () => {
  it.each<[string | null, string[]]>([
    ['https://example.org/hook', []],
    ['http://hooks.example.org:8080/overdue?x=1', []],
    ['http://127.0.0.1:8080/overdue?x=1', ['url']],
    ['ftp://example.org/x', ['url']],
    ['https://user:secret@example.org/x', ['url']],
    ['javascript:alert(1)', ['url']],
    ['not a url', ['url']],
    [`https://example.org/${'x'.repeat(2000)}`, ['url']],
    [null, ['url']],
  ])('webhook URL %s → %j', (url, expected) => {
    expect(fields(checkWebhookUrl(url))).toEqual(expected);
  });

  it('names the field and the address rule a webhook breaks, unless its host is allowed', () => {
    expect(checkWebhookUrl('http://[::1]/', 'webhookUrl')).toEqual([
      expect.objectContaining({ field: 'webhookUrl', reason: 'ADDRESS_NOT_ALLOWED', rule: 'LOOPBACK', message: expect.stringMatching(/^webhookUrl: the host \[::1\] is a loopback address/) }),
    ]);
    expect(checkWebhookUrl('ftp://example.org', 'webhookUrl')).toEqual([{ field: 'webhookUrl', message: 'webhookUrl: an http(s) URL without credentials, at most 2000 characters' }]);
    expect(checkWebhookUrl('http://127.0.0.1:8080/overdue', 'url', ['127.0.0.1'])).toEqual([]);
    expect(fields(checkContact({ webhookUrl: 'http://10.0.0.5/' }))).toEqual(['webhookUrl']);
    expect(fields(checkContact({ webhookUrl: 'http://10.0.0.5/' }, ['10.0.0.5']))).toEqual([]);
  });

  it.each<[string | null, string[]]>([
    ['clerk@example.org', []],
    ['张三@例子.中国', []],
    ['no-at-sign', ['email']],
    ['two words@example.org', ['email']],
    ['a@b@c', ['email']],
    [null, ['email']],
  ])('e-mail %s → %j', (email, expected) => {
    expect(fields(checkEmail(email))).toEqual(expected);
  });

  it.each<[{ email?: string | null; webhookUrl?: string | null }, string[]]>([
    [{ email: 'a@b' }, []],
    [{ webhookUrl: 'https://example.org' }, []],
    [{ email: 'a@b', webhookUrl: 'https://example.org' }, []],
    [{}, ['email']],
    [{ email: 'nope', webhookUrl: 'ftp://x' }, ['email', 'webhookUrl']],
  ])('contact %j → %j', (input, expected) => {
    expect(fields(checkContact(input))).toEqual(expected);
  });

  it.each([
    ['VILLAGE', []],
    ['PROVINCE', []],
    ['STREET', ['level']],
  ])('level %s → %j', (level, expected) => {
    expect(fields(checkLevel(level))).toEqual(expected);
  });

  it.each<[{ validFrom: string; validTo: string | null } | undefined, string | null]>([
    [undefined, null],
    [{ validFrom: '2000-01', validTo: null }, '2000-01'],
    [{ validFrom: '2026-11', validTo: null }, '2026-11'],
    [{ validFrom: '2026-05', validTo: '2026-08' }, '2026-09'],
    [{ validFrom: '2026-05', validTo: '2026-12' }, '2027-01'],
  ])('a webhook whose latest version is %j has been so since %s', (latest, expected) => {
    expect(webhookCurrentFrom(latest)).toBe(expected);
  });
});
