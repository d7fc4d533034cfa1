import { Module } from '@nestjs/common';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';

@Module({ providers: [MetricsRepository, MetricsService], exports: [MetricsService] })
export class MetricsModule {}
