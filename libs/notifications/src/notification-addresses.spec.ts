import { checkContact, checkEmail, checkLevel, checkWebhookUrl } from './notification-addresses.js';

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('where notifications go', () => {
  it.each<[string | null, string[]]>([
    ['https://example.org/hook', []],
    ['http://127.0.0.1:8080/overdue?x=1', []],
    ['ftp://example.org/x', ['url']],
    ['https://user:secret@example.org/x', ['url']],
    ['javascript:alert(1)', ['url']],
    ['not a url', ['url']],
    [`https://example.org/${'x'.repeat(2000)}`, ['url']],
    [null, ['url']],
  ])('webhook URL %s → %j', (url, expected) => {
    expect(fields(checkWebhookUrl(url))).toEqual(expected);
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
});
