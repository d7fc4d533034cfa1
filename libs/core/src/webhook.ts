import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { isAllowedWebhookHost, webhookAddressRule, webhookAddressText, webhookUrlProblem } from './webhook-address.js';

/** A delivery refused before anything was sent (the URL or the address it reaches breaks the rule): trying again does not help. */
export class WebhookRefused extends Error {
  override name = 'WebhookRefused';
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address of a name (dns.lookup, as connections resolve names). */
export type WebhookResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: WebhookResolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Optional provider of the WebhookResolver the senders use (none: systemResolver); tests give names the addresses they need. */
export const WEBHOOK_RESOLVER = Symbol('WEBHOOK_RESOLVER');

export interface WebhookOptions {
  /** Hosts exempt from the address rule, as URLs write them (CARENET_WEBHOOK_ALLOW_HOSTS). */
  allowHosts: readonly string[];
  /** How names are resolved (tests resolve a name to an address of their choosing). */
  resolve?: WebhookResolver;
  timeoutMs?: number;
}

/**
 * The lookup each connection makes: every address of the name is checked,
 * and the one connected to is one of those checked (a name that resolves
 * elsewhere the next time is checked again then).
 */
export function guardedLookup(resolve: WebhookResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const refused = found.find((a) => webhookAddressRule(a.address) !== null);
        if (refused) {
          const rule = webhookAddressRule(refused.address)!;
          return callback(new WebhookRefused(`${hostname} resolves to ${refused.address}, ${webhookAddressText(rule)}; webhooks go to public addresses only`), '', 0);
        }
        const usable = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
        if (usable.length === 0) return callback(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return callback(null, usable);
        callback(null, usable[0]!.address, usable[0]!.family);
      },
      (e: NodeJS.ErrnoException) => callback(e, '', 0),
    );
  };
}

/**
 * POSTs `payload` as JSON to a webhook: only to an http(s) URL without
 * credentials on a public address (unless its host is allowed), checked
 * before connecting, for every address the name resolves to, and for the
 * address the connection reached. A redirect is not followed: it is a failed
 * delivery. A fresh connection each time (no pooled socket of another name).
 */
export async function postWebhook(url: string, payload: unknown, options: WebhookOptions): Promise<void> {
  const problem = webhookUrlProblem(url, options.allowHosts);
  if (problem) throw new WebhookRefused(`webhook ${url.slice(0, 200)} refused: ${problem.message}`);
  const target = new URL(url);
  const allowed = isAllowedWebhookHost(target.hostname, options.allowHosts);
  const body = JSON.stringify(payload);
  const send = target.protocol === 'https:' ? https.request : http.request;
  await new Promise<void>((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        agent: false,
        lookup: allowed ? undefined : guardedLookup(options.resolve ?? systemResolver),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        if (status >= 200 && status < 300) {
          res.on('end', () => resolve());
          res.on('error', reject);
        } else if (status >= 300 && status < 400) {
          reject(new Error(`webhook ${url} answered ${status} (a redirect${res.headers.location ? ` to ${String(res.headers.location).slice(0, 200)}` : ''}); redirects are not followed: not delivered`));
        } else {
          reject(new Error(`webhook ${url} answered ${status}`));
        }
      },
    );
    if (!allowed) {
      // the address actually reached, before the request goes out on it
      req.on('socket', (socket: Socket) =>
        socket.prependOnceListener('connect', () => {
          const rule = webhookAddressRule(socket.remoteAddress ?? '');
          if (rule) req.destroy(new WebhookRefused(`webhook ${url} reached ${socket.remoteAddress}, ${webhookAddressText(rule)}; webhooks go to public addresses only`));
        }),
      );
    }
    req.on('error', reject);
    req.end(body);
  });
}
