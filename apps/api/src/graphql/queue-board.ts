import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { actsAs, HTTP_STATUS, isProvinceAdmin, Role, type ErrorCategory } from '@carenet/core';
import { AuthService } from '@carenet/auth';
import { AdminAuditRepository } from '@carenet/admin-audit';
import { QueueName } from '@carenet/queue';

export const QUEUE_BOARD_PATH = '/admin/queues';

function tokenOf(req: Request): string | undefined {
  if (req.headers.authorization) return req.headers.authorization;
  const cookie = /(?:^|;\s*)carenet_token=([^;]+)/.exec(req.headers.cookie ?? '');
  return cookie ? `Bearer ${decodeURIComponent(cookie[1]!)}` : undefined;
}

/** A refusal, with the HTTP status of its category (the one map, as /exports and the limits use). */
function refuse(res: Response, code: ErrorCategory, message: string): void {
  res.status(HTTP_STATUS[code]).json({ code, message });
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** QUEUE_RETRY, QUEUE_CLEAN, QUEUE_PAUSE, …: the audit's name of a write through the board. */
const VERBS = new Set(['add', 'retry', 'promote', 'clean', 'pause', 'resume', 'concurrency', 'rate-limit', 'release', 'empty', 'obliterate', 'remove', 'run', 'update-data', 'delay', 'priority', 'purge', 'remove-unprocessed-children']);
export function queueActionOf(method: string, path: string): string {
  const parts = path.split('?')[0]!.split('/').filter(Boolean);
  const verb = parts.findLast((p) => VERBS.has(p)) ?? (parts.length >= 4 && method === 'DELETE' ? 'remove' : method.toLowerCase());
  return `QUEUE_${verb.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

/**
 * Bull Board for operators at /admin/queues, with the token in the
 * Authorization header or a `carenet_token` cookie: any administrator may
 * look; only a province's administrators may act (retry, clean, pause, add,
 * remove), and each action is written to the admin audit before it runs.
 */
export function mountQueueBoard(app: INestApplication): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: Object.values(QueueName).map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)))), serverAdapter: adapter });
  const auth = app.get(AuthService);
  const audit = app.get(AdminAuditRepository, { strict: false });
  app.use(QUEUE_BOARD_PATH, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const actor = await auth.authenticate(tokenOf(req));
      if (!actor) return refuse(res, 'UNAUTHENTICATED', 'administrators only: send Authorization: Bearer <token> or a carenet_token cookie');
      if (!actsAs(actor, Role.ADMIN)) return refuse(res, 'FORBIDDEN', 'administrators only');
      if (!READS.has(req.method)) {
        if (!isProvinceAdmin(actor)) {
          return refuse(res, 'FORBIDDEN', 'the queue board is read-only below the province: ask a provincial administrator to act on jobs');
        }
        const action = queueActionOf(req.method, req.path);
        try {
          await audit.append({ actorId: actor.id as number, actor: actor.name, action, unitId: actor.unitId, target: `${req.method} ${req.path}`.slice(0, 500) });
        } catch {
          return refuse(res, 'UNAVAILABLE', 'the action could not be audited, so it was not done; try again shortly');
        }
      }
      next();
    } catch {
      refuse(res, 'UNAUTHENTICATED', 'the token is not valid; log in again');
    }
  });
  app.use(QUEUE_BOARD_PATH, adapter.getRouter());
}
