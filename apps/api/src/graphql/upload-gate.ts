import type { NextFunction, Request, Response } from 'express';
import { HTTP_STATUS } from '@carenet/core';

/**
 * Large request bodies (a file sent as base64) take tens of megabytes each
 * while they are read, parsed and decoded. So that a client sending many at
 * once cannot take the API's memory, only a few are read at a time; others
 * wait their turn unread (a waiting request costs a socket, not its body),
 * and past a short queue or a short wait they are told to try again.
 */
export class UploadGate {
  private active = 0;
  private readonly waiting: ((admitted: boolean) => void)[] = [];

  constructor(
    readonly slots: number,
    readonly maxWaiting: number,
    readonly maxWaitMs: number,
  ) {}

  /** Resolves true once admitted (call `leave()` after), false when refused. */
  enter(): Promise<boolean> {
    if (this.active < this.slots) {
      this.active++;
      return Promise.resolve(true);
    }
    if (this.waiting.length >= this.maxWaiting) return Promise.resolve(false);
    return new Promise((resolve) => {
      const turn = (admitted: boolean) => {
        clearTimeout(timer);
        resolve(admitted);
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(turn);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(false);
      }, this.maxWaitMs);
      this.waiting.push(turn);
    });
  }

  leave(): void {
    const next = this.waiting.shift();
    if (next) next(true);
    else this.active--;
  }

  get inUse(): number {
    return this.active;
  }
}

/** Bodies above this size go through the gate: every file upload, no ordinary request. */
export const LARGE_BODY_BYTES = 256 * 1024;

/** A body is large when it says so, or when it does not say its length (chunked). */
export function isLargeBody(headers: { 'content-length'?: string; 'transfer-encoding'?: string }): boolean {
  const length = headers['content-length'];
  if (length === undefined) return headers['transfer-encoding'] !== undefined;
  const n = Number(length);
  return !Number.isFinite(n) || n > LARGE_BODY_BYTES;
}

/** A refused body is read and dropped up to the body parser's own limit; past it the connection is cut. */
const MAX_DROPPED_BYTES = 25 * 2 ** 20;

/** Express middleware (before the body parser): large bodies take a turn of the gate. */
export function uploadGate(gate: UploadGate) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (req.method !== 'POST' || !isLargeBody(req.headers)) return next();
    if (!(await gate.enter())) {
      // the refusal is sent once the body has been read and dropped: a client still sending when the
      // answer comes would see its connection reset instead of the answer (fetch reports "fetch failed")
      const seconds = Math.ceil(gate.maxWaitMs / 1000);
      let dropped = 0;
      req.on('data', (chunk: Buffer) => {
        dropped += chunk.length;
        if (dropped > MAX_DROPPED_BYTES) req.destroy();
      });
      req.once('end', () => {
        res.setHeader('retry-after', String(seconds));
        res.setHeader('connection', 'close');
        res.status(HTTP_STATUS.RATE_LIMITED).json({
          errors: [
            {
              message: `other files are being read right now and more are waiting their turn; send this one again in ${seconds} seconds`,
              extensions: { code: 'RATE_LIMITED', reason: 'UPLOADS_BUSY', retryAfterSeconds: seconds, limit: gate.slots },
            },
          ],
        });
      });
      req.resume();
      return;
    }
    let left = false;
    const leave = () => {
      if (!left) {
        left = true;
        gate.leave();
      }
    };
    res.once('finish', leave);
    res.once('close', leave);
    next();
  };
}
