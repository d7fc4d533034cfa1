import type { Server } from 'node:http';
import { createLogger, loadConfigOrExit, terminalDestination } from '@carenet/core';
import { createApi, inFlight } from './app.js';

const DRAIN_MS = 25_000;

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, 'api', terminalDestination(config.nodeEnv));
  const app = await createApi(config, logger);
  await app.listen(config.port);
  logger.info({ port: config.port }, `carenet API listening on http://localhost:${config.port}/graphql`);

  // SIGTERM / Ctrl-C: stop accepting, let the requests in flight finish, then close the app (pools, Redis)
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight: inFlight.count }, 'stopping: no new connections; finishing the requests in flight');
    const server = app.getHttpServer() as Server;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = Date.now() + DRAIN_MS;
    while (inFlight.count > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    server.closeAllConnections();
    await closed;
    await app.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((e) => {
  process.stderr.write(`carenet API failed to start: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
