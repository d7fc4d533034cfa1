import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook, WebhookRefused, type WebhookResolver } from './webhook.js';

/** A receiver on 127.0.0.1 that records each request and answers as told. */
async function receiver(answer: (res: http.ServerResponse) => void = (res) => res.writeHead(204).end()) {
  const requests: { method: string; url: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, body });
      answer(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { requests, port: (server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('posting a webhook', () => {
  let inside: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    inside = await receiver();
  });
  afterAll(() => inside.close());
  beforeEach(() => inside.requests.splice(0));

  it('refuses a name that resolves to a loopback address, asking again for every connection, sending nothing', async () => {
    const asked: string[] = [];
    const resolve: WebhookResolver = async (hostname) => {
      asked.push(hostname);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    for (let i = 0; i < 2; i++) {
      const sent = postWebhook(`http://hooks.example.test:${inside.port}/x`, { n: i }, { allowHosts: [], resolve });
      await expect(sent).rejects.toThrow(WebhookRefused);
      await expect(sent).rejects.toThrow('hooks.example.test resolves to 127.0.0.1, a loopback address');
    }
    expect(asked).toEqual(['hooks.example.test', 'hooks.example.test']);
    expect(inside.requests).toEqual([]);
  });

  it('refuses a name when any of its addresses is not public', async () => {
    const resolve: WebhookResolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '::ffff:169.254.169.254', family: 6 },
    ];
    await expect(postWebhook(`http://hooks.example.test:${inside.port}/x`, {}, { allowHosts: [], resolve })).rejects.toThrow('resolves to ::ffff:169.254.169.254, a link-local address');
    expect(inside.requests).toEqual([]);
  });

  it.each(['http://127.0.0.1:PORT/x', 'http://0x7f000001:PORT/x', 'http://[::ffff:127.0.0.1]:PORT/x', 'http://localhost:PORT/x'])('refuses %s before resolving or connecting', async (url) => {
    const resolve: WebhookResolver = async () => {
      throw new Error('not asked');
    };
    await expect(postWebhook(url.replace('PORT', String(inside.port)), {}, { allowHosts: [], resolve })).rejects.toThrow(/refused: the host .* is a loopback address/);
    expect(inside.requests).toEqual([]);
  });

  it('posts JSON to a host the operator allows', async () => {
    await postWebhook(`http://127.0.0.1:${inside.port}/hook`, { event: 'x' }, { allowHosts: ['127.0.0.1'] });
    expect(inside.requests).toEqual([{ method: 'POST', url: '/hook', body: '{"event":"x"}' }]);
  });

  it('follows no redirect: a 302 is a failed delivery, and its target hears nothing', async () => {
    const redirecting = await receiver((res) => res.writeHead(302, { location: `http://127.0.0.1:${inside.port}/inside` }).end());
    try {
      await expect(postWebhook(`http://127.0.0.1:${redirecting.port}/hook`, {}, { allowHosts: ['127.0.0.1'] })).rejects.toThrow(
        `answered 302 (a redirect to http://127.0.0.1:${inside.port}/inside); redirects are not followed: not delivered`,
      );
      expect(redirecting.requests).toHaveLength(1);
      expect(inside.requests).toEqual([]);
    } finally {
      await redirecting.close();
    }
  });

  it('says the status of any other answer that is not 2xx', async () => {
    const failing = await receiver((res) => res.writeHead(500).end());
    try {
      await expect(postWebhook(`http://127.0.0.1:${failing.port}/hook`, {}, { allowHosts: ['127.0.0.1'] })).rejects.toThrow(`answered 500`);
    } finally {
      await failing.close();
    }
  });
});
