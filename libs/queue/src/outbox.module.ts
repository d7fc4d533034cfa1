import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository.js';

/** The outbox alone (no Redis): for the code that writes changes. */
@Module({ providers: [OutboxRepository], exports: [OutboxRepository] })
export class OutboxModule {}
