import { createLogger, loadConfigOrExit } from '@carenet/core';
import { createApi } from './app.js';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, 'api');
  const app = await createApi(config, logger);
  await app.listen(config.port);
  logger.info({ port: config.port }, `carenet API listening on http://localhost:${config.port}/graphql`);
}

main().catch((e) => {
  process.stderr.write(`carenet API failed to start: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
