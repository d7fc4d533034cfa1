import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdFrom, runWithRequestContext, type Logger } from '@carenet/core';

/** Requests being answered right now (for a graceful stop). */
export const inFlight = { count: 0 };

/** An answer that took at least this long is always written to the access log, as a warning. */
export const SLOW_REQUEST_MS = 1_000;

export interface AccessLogOptions {
  /**
   * Share of the ordinary answers written (below 400, faster than
   * SLOW_REQUEST_MS, without a request id of the client's own): 1 writes
   * every one, 0 none. Errors, refusals, slow and aborted requests are
   * always written.
   */
  sample: number;
  /** Paths never written when answered normally (the health probe). */
  quiet?: ReadonlySet<string>;
}

type AccessLine = { level: 'error' | 'warn' | 'info'; msg: string } | undefined;

/**
 * What the access log says of an answered request, or undefined when it
 * says nothing: 5xx as errors; a slow answer as a warning; an answer never
 * sent (the client went away) and a refusal (4xx) always, at info; any other
 * answer at info when sampled, or when the client sent its own request id
 * (it is tracing that request).
 */
export function accessLine(statusCode: number, finished: boolean, ms: number, clientRequestId: boolean, quiet: boolean, sampled: () => boolean): AccessLine {
  if (statusCode >= 500) return { level: 'error', msg: 'request failed' };
  if (!finished) return { level: 'info', msg: 'request aborted before its answer was sent' };
  if (ms >= SLOW_REQUEST_MS) return { level: 'warn', msg: 'slow request' };
  if (statusCode >= 400) return { level: 'info', msg: 'request completed' };
  if (quiet) return undefined;
  return clientRequestId || sampled() ? { level: 'info', msg: 'request completed' } : undefined;
}

/**
 * The first middleware of every request: counted in flight, given its request
 * id (the client's X-Request-Id when it is a sensible one, else a new one;
 * sent back), run in its request context (every log line of the request
 * carries the id), and written to the access log once answered.
 *
 * One `close` listener does both the count and the log line, and nothing is
 * prepared per request for a line that the log level would drop (the logger
 * per request that pino-http made cost about a tenth of a small request's CPU).
 */
export function requestEntry(logger: Logger, opts: AccessLogOptions) {
  const quiet = opts.quiet ?? new Set<string>();
  const sample = Math.min(1, Math.max(0, opts.sample));
  const sampled = sample >= 1 ? () => true : sample <= 0 ? () => false : () => Math.random() < sample;
  const infoOn = logger.isLevelEnabled('info');
  const warnOn = logger.isLevelEnabled('warn');
  const errorOn = logger.isLevelEnabled('error');
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    inFlight.count++;
    const header = req.headers['x-request-id'];
    const requestId = requestIdFrom(header);
    const clientRequestId = requestId === header;
    const started = Date.now();
    res.setHeader('x-request-id', requestId);
    res.once('close', () => {
      inFlight.count--;
      if (!errorOn) return;
      const ms = Date.now() - started;
      const url = (req as { originalUrl?: string }).originalUrl ?? req.url;
      const line = accessLine(res.statusCode, res.writableFinished, ms, clientRequestId, quiet.has(pathOf(url)), sampled);
      if (!line || (line.level === 'info' && !infoOn) || (line.level === 'warn' && !warnOn)) return;
      logger[line.level]({ requestId, req: { method: req.method, url }, res: { statusCode: res.statusCode }, responseTime: ms }, line.msg);
    });
    runWithRequestContext({ requestId }, next);
  };
}

function pathOf(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
