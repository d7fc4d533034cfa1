import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { PinoNestLogger, type Config, type Logger } from '@carenet/core';
import { ActorChangesListener } from '@carenet/auth';
import { AppModule } from './app.module.js';
import { mountQueueBoard } from './graphql/queue-board.js';
import { batchLimit } from './graphql/limits.js';
import { rollupVersionScope } from './graphql/rollup-version.js';
import { UploadGate, uploadGate } from './graphql/upload-gate.js';
import { mountWebApp } from './web/serve-web.js';
import { requestEntry } from './http/request-entry.js';

export { inFlight } from './http/request-entry.js';

/** The API application as main.ts and the e2e tests build it. */
export async function createApi(config: Config, logger: Logger): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  // idle keep-alive connections stay open longer than clients keep them (Node's 5 s is shorter than many
  // clients' own): otherwise a client reusing one just as the server closes it sees its request fail
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // the client's address (login budget, quotas) from X-Forwarded-For only through proxies configured as trusted
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  // no ETag made by hashing each answer's body: it cost every GraphQL request, and a POST is never revalidated.
  // The web app's assets keep theirs (express.static); index.html (sendFile) is revalidated by Last-Modified;
  // a download is built again anyway, and is now sent whole to a client that had it
  app.set('etag', false);
  // counted in flight, its request id, its context and its access log line
  app.use(requestEntry(logger, { sample: config.accessLogSample, quiet: new Set(['/health']) }));
  // one file upload read at a time, a few more waiting up to 15 s: a flood of them can take neither the memory
  // nor the event loop (parsing a 14 MB body holds it for a few hundred ms, and /health waits behind it)
  app.use(uploadGate(new UploadGate(1, 6, 15_000)));
  app.useBodyParser('json', { limit: '25mb' });
  // one layer of the router for these (each layer a request passes costs it a little); no answer of the API
  // is stored by a browser or a proxy (they carry personal data and figures that change)
  app.use('/graphql', (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('cache-control', 'no-store');
    batchLimit(req, res, () => rollupVersionScope(req, res, next));
  });
  mountQueueBoard(app);
  mountWebApp(app);
  // cached users are dropped by every process when the database announces a change to them
  await app.get(ActorChangesListener).start();
  return app;
}
