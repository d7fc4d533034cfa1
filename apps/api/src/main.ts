import type { Server } from 'node:http';
import net from 'node:net';
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
    // stop accepting only: http's own close() also drops every idle keep-alive connection at once, among them
    // any whose next request the kernel already holds but this process has not read yet (closed unread: a reset)
    const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
    // let the event loop first read what the sockets already hold, then close the connections with nothing in progress
    await new Promise((r) => setImmediate(r));
    server.closeIdleConnections();
    const deadline = Date.now() + DRAIN_MS;
    while (inFlight.count > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      server.closeIdleConnections();
    }
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
