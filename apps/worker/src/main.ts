import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, PinoNestLogger, createLogger, loadConfig } from '@carenet/core';
import { WorkerModule } from './worker.module.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const logger = createLogger(config.logLevel, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), { logger: new PinoNestLogger(logger) });
  app.enableShutdownHooks();
  logger.info('carenet worker started');
}

main().catch((e) => {
  process.stderr.write(`carenet worker failed to start: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
