import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HandlerRegistry } from '@carenet/queue';

/** At start: every queue has a processor here, or the worker stops before it takes a job. */
@Injectable()
export class WorkerReadiness implements OnApplicationBootstrap {
  constructor(private readonly registry: HandlerRegistry) {}

  onApplicationBootstrap(): void {
    this.registry.assertEveryQueueServed();
  }
}
