import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { Role } from '@carenet/core';
import { AuthService } from '@carenet/auth';
import { QueueName } from '@carenet/queue';

export const QUEUE_BOARD_PATH = '/admin/queues';

function tokenOf(req: Request): string | undefined {
  if (req.headers.authorization) return req.headers.authorization;
  const cookie = /(?:^|;\s*)carenet_token=([^;]+)/.exec(req.headers.cookie ?? '');
  return cookie ? `Bearer ${decodeURIComponent(cookie[1]!)}` : undefined;
}

/**
 * Bull Board for operators at /admin/queues: administrators only, with the
 * token in the Authorization header or a `carenet_token` cookie.
 */
export function mountQueueBoard(app: INestApplication): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: Object.values(QueueName).map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)))), serverAdapter: adapter });
  const auth = app.get(AuthService);
  app.use(QUEUE_BOARD_PATH, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const actor = await auth.authenticate(tokenOf(req));
      if (!actor) return void res.status(401).json({ code: 'UNAUTHENTICATED', message: 'administrators only: send Authorization: Bearer <token> or a carenet_token cookie' });
      if (actor.kind !== 'user' || !actor.roles.includes(Role.ADMIN)) return void res.status(403).json({ code: 'FORBIDDEN', message: 'administrators only' });
      next();
    } catch {
      res.status(401).json({ code: 'UNAUTHENTICATED', message: 'the token is not valid; log in again' });
    }
  });
  app.use(QUEUE_BOARD_PATH, adapter.getRouter());
}
