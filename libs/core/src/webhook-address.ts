import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be posted: an http(s) URL without credentials, on a
 * public address. Loopback, private, shared (carrier-grade NAT), link-local,
 * unique-local, unspecified, multicast, broadcast and reserved addresses are
 * refused, also when written as an IPv4-mapped (or -compatible, NAT64, 6to4)
 * IPv6 address, and whichever way the URL writes the number (`0x7f000001`,
 * `2130706433`, `0177.0.0.1` and `127.1` are 127.0.0.1 to the URL parser,
 * which is what the URL is checked after). An operator may name hosts that
 * are exempt (CARENET_WEBHOOK_ALLOW_HOSTS), exactly as a URL writes them.
 *
 * The same rule is applied when a URL is saved, to every address its name
 * resolves to when it is delivered, and to the address each connection
 * reaches (see webhook.ts).
 */
export type WebhookAddressRule =
  | 'LOOPBACK'
  | 'UNSPECIFIED'
  | 'PRIVATE'
  | 'SHARED'
  | 'LINK_LOCAL'
  | 'UNIQUE_LOCAL'
  | 'BROADCAST'
  | 'MULTICAST'
  | 'RESERVED'
  | 'NOT_AN_ADDRESS';

export type WebhookUrlRule = 'NOT_HTTP_URL' | 'CREDENTIALS' | 'TOO_LONG' | WebhookAddressRule;

const ADDRESS_TEXT: Record<WebhookAddressRule, string> = {
  LOOPBACK: 'a loopback address',
  UNSPECIFIED: 'the unspecified address',
  PRIVATE: 'a private-network address',
  SHARED: 'a carrier-grade NAT (shared) address',
  LINK_LOCAL: 'a link-local address',
  UNIQUE_LOCAL: 'a unique-local address',
  BROADCAST: 'the broadcast address',
  MULTICAST: 'a multicast address',
  RESERVED: 'a reserved address',
  NOT_AN_ADDRESS: 'not an IP address',
};

/** The order the rules are tried in: ::1 is loopback before ::/96 is anything, 255.255.255.255 broadcast before 240/4 reserved. */
const ORDER: WebhookAddressRule[] = ['LOOPBACK', 'UNSPECIFIED', 'PRIVATE', 'SHARED', 'LINK_LOCAL', 'UNIQUE_LOCAL', 'BROADCAST', 'MULTICAST', 'RESERVED'];

/** The ranges of each rule. */
const V4: [WebhookAddressRule, string, number][] = [
  ['LOOPBACK', '127.0.0.0', 8],
  ['UNSPECIFIED', '0.0.0.0', 8],
  ['PRIVATE', '10.0.0.0', 8],
  ['PRIVATE', '172.16.0.0', 12],
  ['PRIVATE', '192.168.0.0', 16],
  ['SHARED', '100.64.0.0', 10],
  ['LINK_LOCAL', '169.254.0.0', 16],
  ['BROADCAST', '255.255.255.255', 32],
  ['MULTICAST', '224.0.0.0', 4],
  ['RESERVED', '240.0.0.0', 4],
  ['RESERVED', '192.0.0.0', 24],
  ['RESERVED', '192.0.2.0', 24],
  ['RESERVED', '198.18.0.0', 15],
  ['RESERVED', '198.51.100.0', 24],
  ['RESERVED', '203.0.113.0', 24],
];
const V6: [WebhookAddressRule, string, number][] = [
  ['LOOPBACK', '::1', 128],
  ['UNSPECIFIED', '::', 128],
  ['LINK_LOCAL', 'fe80::', 10],
  ['UNIQUE_LOCAL', 'fc00::', 7],
  ['PRIVATE', 'fec0::', 10], // site-local, deprecated
  ['MULTICAST', 'ff00::', 8],
  ['RESERVED', '100::', 64],
  ['RESERVED', '2001:db8::', 32],
];

/**
 * IPv6 prefixes that carry an IPv4 address (mapped ::ffff:0:0/96, translated
 * ::ffff:0:0:0/96, compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16):
 * each IPv4 range above, written
 * inside each of them, so that the embedded address meets the same rule.
 */
function embedded(address: string, bits: number): [string, number][] {
  const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
  const hi = ((a << 8) | b).toString(16);
  const lo = ((c << 8) | d).toString(16);
  return [
    [`::ffff:${hi}:${lo}`, 96 + bits],
    [`::ffff:0:${hi}:${lo}`, 96 + bits],
    [`::${hi}:${lo}`, 96 + bits],
    [`64:ff9b::${hi}:${lo}`, 96 + bits],
    [`2002:${hi}:${lo}::`, 16 + bits],
  ];
}

const RULES: [WebhookAddressRule, BlockList][] = (() => {
  const lists = new Map<WebhookAddressRule, BlockList>();
  const list = (rule: WebhookAddressRule) => lists.get(rule) ?? lists.set(rule, new BlockList()).get(rule)!;
  for (const [rule, address, bits] of V6) list(rule).addSubnet(address, bits, 'ipv6');
  for (const [rule, address, bits] of V4) {
    list(rule).addSubnet(address, bits, 'ipv4');
    for (const [inside, insideBits] of embedded(address, bits)) list(rule).addSubnet(inside, insideBits, 'ipv6');
  }
  return ORDER.map((rule) => [rule, list(rule)]);
})();

/** The rule an IP address breaks as a webhook's destination, or null for a public address. Brackets and a zone (`%eth0`) are ignored. */
export function webhookAddressRule(address: string): WebhookAddressRule | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return 'NOT_AN_ADDRESS';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [rule, list] of RULES) if (list.check(bare, type)) return rule;
  return null;
}

export function webhookAddressText(rule: WebhookAddressRule): string {
  return ADDRESS_TEXT[rule];
}

/** A host as URLs write it (lower case, IPv6 in brackets, no trailing dot), for comparing with the allowed hosts. */
export function normalWebhookHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}

export function isAllowedWebhookHost(hostname: string, allowHosts: readonly string[]): boolean {
  return allowHosts.includes(normalWebhookHost(hostname));
}

/**
 * The rule a URL's host breaks before it is resolved: an address that is not
 * public, or `localhost` (and names under it, RFC 6761); a name is checked
 * again against every address it resolves to.
 */
export function webhookHostRule(hostname: string): WebhookAddressRule | null {
  const host = normalWebhookHost(hostname);
  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) return webhookAddressRule(host);
  if (host === 'localhost' || host.endsWith('.localhost')) return 'LOOPBACK';
  return null;
}

export interface WebhookUrlProblem {
  rule: WebhookUrlRule;
  /** What is wrong and what is allowed, without a field name. */
  message: string;
}

const SHAPE = 'an http(s) URL without credentials, at most 2000 characters';

/** The first rule a webhook URL breaks, or null when it may be saved (and tried). Hosts in `allowHosts` skip the address rule. */
export function webhookUrlProblem(url: string | null | undefined, allowHosts: readonly string[] = []): WebhookUrlProblem | null {
  const text = url ?? '';
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return { rule: 'NOT_HTTP_URL', message: SHAPE };
  }
  // the table's check is /^https?:\/\// as written (so not HTTP://)
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !/^https?:\/\//.test(text)) return { rule: 'NOT_HTTP_URL', message: SHAPE };
  if (u.username !== '' || u.password !== '') return { rule: 'CREDENTIALS', message: SHAPE };
  if (text.length > 2000) return { rule: 'TOO_LONG', message: SHAPE };
  if (isAllowedWebhookHost(u.hostname, allowHosts)) return null;
  const rule = webhookHostRule(u.hostname);
  if (rule === null) return null;
  return {
    rule,
    message: `the host ${u.hostname} is ${webhookAddressText(rule)}; webhooks go to public addresses only (an operator may allow a host in CARENET_WEBHOOK_ALLOW_HOSTS)`,
  };
}
