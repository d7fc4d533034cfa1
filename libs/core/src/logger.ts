import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from './config.js';
import { currentRequestContext } from './request-context.js';

/**
 * Readable lines for a person at a terminal in development; JSON lines
 * everywhere else (production, tests, anything that reads the logs).
 */
export function terminalDestination(nodeEnv: string): DestinationStream | undefined {
  if (nodeEnv !== 'development' || !process.stdout.isTTY) return undefined;
  return pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
}

/** JSON logs, one line per event, each carrying the request id when there is one. */
export function createLogger(level: LogLevel, name: string, destination?: DestinationStream): Logger {
  return pino(
    {
    name,
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['password', '*.password', 'secret', '*.secret', 'token', '*.token', 'req.headers.authorization'],
      censor: '[redacted]',
    },
    mixin() {
      const ctx = currentRequestContext();
      return ctx ? { requestId: ctx.requestId } : {};
    },
  },
    destination ?? pino.destination(1),
  );
}

/** Nest's own messages (module wiring, routes) go through the same JSON logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

export const LOGGER = Symbol('LOGGER');
export type { Logger };
