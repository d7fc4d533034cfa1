import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { PinoNestLogger, createLogger, loadConfigOrExit, terminalDestination } from '@carenet/core';
import { WorkerModule } from './worker.module.js';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, 'worker', terminalDestination(config.nodeEnv));
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), { logger: new PinoNestLogger(logger) });
  app.enableShutdownHooks();
  logger.info('carenet worker started');
}

main().catch((e) => {
  process.stderr.write(`carenet worker failed to start: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
