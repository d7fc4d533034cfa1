import { Injectable } from '@nestjs/common';
import { assertHandlersCover } from './handlers.js';
import { QueueName, type JobName } from './queue-names.js';

/**
 * Which queues have a processor in this process. Every processor registers
 * its handlers here (which checks each job name of its queue has one); the
 * worker refuses to start when a queue has no processor at all.
 */
@Injectable()
export class HandlerRegistry {
  private readonly covered = new Set<QueueName>();

  register<H extends Partial<Record<JobName, unknown>>>(queue: QueueName, handlers: H): H {
    assertHandlersCover(queue, handlers);
    this.covered.add(queue);
    return handlers;
  }

  /** Throws naming every queue that no processor serves. */
  assertEveryQueueServed(): void {
    const missing = Object.values(QueueName).filter((q) => !this.covered.has(q));
    if (missing.length > 0) throw new Error(`no processor for queue(s) ${missing.join(', ')}; the worker will not start`);
  }
}
