import { webhookAddressRule, webhookUrlProblem, type WebhookUrlRule } from './webhook-address.js';

describe('the addresses a webhook may go to', () => {
  it.each<[string, string | null]>([
    ['93.184.216.34', null],
    ['8.8.8.8', null],
    ['2606:4700:4700::1111', null],
    ['[2606:4700:4700::1111]', null],
    ['127.0.0.1', 'LOOPBACK'],
    ['127.255.255.254', 'LOOPBACK'],
    ['::1', 'LOOPBACK'],
    ['[::1]', 'LOOPBACK'],
    ['0.0.0.0', 'UNSPECIFIED'],
    ['0.1.2.3', 'UNSPECIFIED'],
    ['::', 'UNSPECIFIED'],
    ['10.0.0.1', 'PRIVATE'],
    ['172.16.0.1', 'PRIVATE'],
    ['172.31.255.255', 'PRIVATE'],
    ['172.32.0.1', null],
    ['192.168.1.1', 'PRIVATE'],
    ['100.64.0.1', 'SHARED'],
    ['100.127.255.255', 'SHARED'],
    ['100.128.0.1', null],
    ['169.254.169.254', 'LINK_LOCAL'],
    ['fe80::1', 'LINK_LOCAL'],
    ['fe80::1%eth0', 'LINK_LOCAL'],
    ['fc00::1', 'UNIQUE_LOCAL'],
    ['fd12:3456::1', 'UNIQUE_LOCAL'],
    ['fec0::1', 'PRIVATE'],
    ['224.0.0.1', 'MULTICAST'],
    ['239.255.255.250', 'MULTICAST'],
    ['ff02::1', 'MULTICAST'],
    ['255.255.255.255', 'BROADCAST'],
    ['240.0.0.1', 'RESERVED'],
    ['192.0.2.1', 'RESERVED'],
    ['198.18.0.1', 'RESERVED'],
    ['2001:db8::1', 'RESERVED'],
    // IPv4 inside IPv6: mapped, compatible, NAT64, 6to4
    ['::ffff:127.0.0.1', 'LOOPBACK'],
    ['::ffff:7f00:1', 'LOOPBACK'],
    ['::ffff:10.1.2.3', 'PRIVATE'],
    ['::ffff:169.254.169.254', 'LINK_LOCAL'],
    ['::ffff:93.184.216.34', null],
    ['::127.0.0.1', 'LOOPBACK'],
    ['::ffff:0:127.0.0.1', 'LOOPBACK'],
    ['64:ff9b::a9fe:a9fe', 'LINK_LOCAL'],
    ['64:ff9b::5db8:d822', null],
    ['2002:7f00:1::', 'LOOPBACK'],
    ['2002:c0a8:101::1', 'PRIVATE'],
    // not an address at all: refused, never taken as public
    ['localhost', 'NOT_AN_ADDRESS'],
    ['', 'NOT_AN_ADDRESS'],
    ['127.1', 'NOT_AN_ADDRESS'],
  ])('%s → %s', (address, rule) => {
    expect(webhookAddressRule(address)).toBe(rule);
  });
});

describe('the URLs a webhook may be saved as', () => {
  it.each<[string | null, WebhookUrlRule | null]>([
    ['https://example.org/hook', null],
    ['http://hooks.example.org:8080/overdue?x=1', null],
    ['http://93.184.216.34/x', null],
    ['ftp://example.org/x', 'NOT_HTTP_URL'],
    ['HTTP://example.org/x', 'NOT_HTTP_URL'],
    ['javascript:alert(1)', 'NOT_HTTP_URL'],
    ['not a url', 'NOT_HTTP_URL'],
    [null, 'NOT_HTTP_URL'],
    ['https://user:secret@example.org/x', 'CREDENTIALS'],
    ['https://user@example.org/x', 'CREDENTIALS'],
    [`https://example.org/${'x'.repeat(2000)}`, 'TOO_LONG'],
    ['http://127.0.0.1:6379/', 'LOOPBACK'],
    ['http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'LINK_LOCAL'],
    ['http://[::1]/', 'LOOPBACK'],
    ['http://[::ffff:127.0.0.1]/', 'LOOPBACK'],
    ['http://[::ffff:a9fe:a9fe]/', 'LINK_LOCAL'],
    ['http://[0:0:0:0:0:ffff:7f00:1]/', 'LOOPBACK'],
    ['http://127.0.0.1./', 'LOOPBACK'],
    ['http://0x7f.1/', 'LOOPBACK'],
    ['http://%31%32%37.0.0.1/', 'LOOPBACK'],
    ['http://[fe80::1]/', 'LINK_LOCAL'],
    ['http://[fd00::1]/', 'UNIQUE_LOCAL'],
    ['http://[::]/', 'UNSPECIFIED'],
    ['http://0x7f000001/', 'LOOPBACK'],
    ['http://2130706433/', 'LOOPBACK'],
    ['http://0177.0.0.1/', 'LOOPBACK'],
    ['http://127.1/', 'LOOPBACK'],
    ['http://0/', 'UNSPECIFIED'],
    ['http://0.0.0.0:3000/', 'UNSPECIFIED'],
    ['http://10.0.0.1/', 'PRIVATE'],
    ['http://172.16.5.4/', 'PRIVATE'],
    ['http://192.168.0.1/', 'PRIVATE'],
    ['http://100.64.0.1/', 'SHARED'],
    ['http://224.0.0.1/', 'MULTICAST'],
    ['http://255.255.255.255/', 'BROADCAST'],
    ['http://localhost:3000/', 'LOOPBACK'],
    ['http://LOCALHOST./', 'LOOPBACK'],
    ['http://api.localhost/', 'LOOPBACK'],
  ])('%s → %s', (url, rule) => {
    expect(webhookUrlProblem(url)?.rule ?? null).toBe(rule);
  });

  it.each<[string, string[], WebhookUrlRule | null]>([
    ['http://127.0.0.1:9/x', ['127.0.0.1'], null],
    ['http://0x7f000001:9/x', ['127.0.0.1'], null], // the same host, as the URL parser reads it
    ['http://localhost:9/x', ['localhost'], null],
    ['http://LOCALHOST.:9/x', ['localhost'], null],
    ['http://[::1]:9/x', ['[::1]'], null],
    ['http://localhost:9/x', ['127.0.0.1'], 'LOOPBACK'], // an address allows that address as written, not names resolving to it
    ['http://127.0.0.2/x', ['127.0.0.1'], 'LOOPBACK'],
    ['http://user:pw@127.0.0.1/x', ['127.0.0.1'], 'CREDENTIALS'], // the shape is checked whatever the host
    ['ftp://127.0.0.1/x', ['127.0.0.1'], 'NOT_HTTP_URL'],
  ])('%s with the allowed hosts %j → %s', (url, allowHosts, rule) => {
    expect(webhookUrlProblem(url, allowHosts)?.rule ?? null).toBe(rule);
  });

  it('says which host and why, and where the exception is configured', () => {
    expect(webhookUrlProblem('http://0x7f000001/')?.message).toBe(
      'the host 127.0.0.1 is a loopback address; webhooks go to public addresses only (an operator may allow a host in CARENET_WEBHOOK_ALLOW_HOSTS)',
    );
  });
});
