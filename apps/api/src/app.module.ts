import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { TerminusModule } from '@nestjs/terminus';
import type { Request } from 'express';
import { CONFIG, CoreModule, LOGGER, type Config, type Logger } from '@carenet/core';
import { DatabaseModule, ReplicaReads } from '@carenet/database';
import { QueueModule } from '@carenet/queue';
import { AdminTreeModule, AdminTreeService } from '@carenet/admin-tree';
import { AuthModule, AuthService } from '@carenet/auth';
import { AdminAuditModule } from '@carenet/admin-audit';
import { ReportingModule, ReportQueriesService } from '@carenet/reporting';
import { ReportingApiModule } from './reporting/reporting-api.module.js';
import { ReportLoaders } from './reporting/report.loaders.js';
import { RollupApiModule } from './rollup/rollup-api.module.js';
import { AnalyticsApiModule } from './analytics/analytics-api.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { RegistryApiModule } from './registry/registry-api.module.js';
import { StatsLoaders } from './analytics/analytics.loaders.js';
import { AnalyticsModule, DataVersion, StatsService } from '@carenet/analytics';
import { AdminTreeApiModule } from './admin-tree/admin-tree-api.module.js';
import { TreeLoaders } from './admin-tree/admin-tree.loaders.js';
import { HealthController } from './health/health.controller.js';
import { createErrorFormatter } from './graphql/error-formatter.js';
import { depthLimitRule } from './graphql/depth-limit.js';
import { limitsPlugin } from './graphql/limits.js';
import { rollupVersionPlugin } from './graphql/rollup-version.js';
import { responseCachePlugin, stringifyResult } from './graphql/response-cache.js';
import { REDIS_CLIENT } from '@carenet/queue';
import type { RedisClient } from '@carenet/queue';
import type { GqlContext } from './graphql/context.js';
import { DomainErrorFilter } from './graphql/domain-error.filter.js';
import { MetricsModule, MetricsService } from '@carenet/metrics';
import { metricsPlugin } from './metrics/metrics-plugin.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { NotificationsApiModule } from './notifications/notifications-api.module.js';
import { CatalogueApiModule } from './catalogue/catalogue-api.module.js';
import { SetupApiModule } from './setup/setup-api.module.js';

/**
 * The request's loaders, each made when a resolver first asks for it (most operations use none). A class:
 * an object literal with getters, made per request, took 0.7% of a profile's samples on its own.
 */
class RequestLoaders implements Readonly<GqlContext['loaders']> {
  private treeLoaders?: TreeLoaders;
  private reportLoaders?: ReportLoaders;
  private statsLoaders?: StatsLoaders;

  constructor(
    private readonly treeService: AdminTreeService,
    private readonly reportsService: ReportQueriesService,
    private readonly statsService: StatsService,
  ) {}

  get tree(): TreeLoaders {
    return (this.treeLoaders ??= new TreeLoaders(this.treeService));
  }

  get reports(): ReportLoaders {
    return (this.reportLoaders ??= new ReportLoaders(this.reportsService));
  }

  get stats(): StatsLoaders {
    return (this.statsLoaders ??= new StatsLoaders(this.statsService));
  }
}

/** How deep a query may nest (unit → children → edges → node → … counts each level). */
export const MAX_QUERY_DEPTH = 12;

@Module({})
export class AppModule {
  static forRoot(config: Config, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, logger),
        DatabaseModule.forRoot({ applicationName: 'carenet-api' }),
        QueueModule.forRoot(),
        TerminusModule,
        AdminAuditModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AdminTreeModule, AuthModule, ReportingModule, AnalyticsModule, MetricsModule],
          inject: [CONFIG, LOGGER, AdminTreeService, AuthService, ReportQueriesService, StatsService, REDIS_CLIENT, MetricsService, ReplicaReads, DataVersion],
          useFactory: (cfg: Config, log: Logger, tree: AdminTreeService, auth: AuthService, reports: ReportQueriesService, stats: StatsService, redis: RedisClient, metrics: MetricsService, replicaReads: ReplicaReads, dataVersion: DataVersion): ApolloDriverConfig => {
            const production = cfg.nodeEnv === 'production';
            return {
              // The SDL is built in memory; `npm run schema` writes schema.gql for review.
              autoSchemaFile: true,
              sortSchema: true,
              introspection: !production,
              playground: false,
              plugins: [
                production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: false }),
                // no field has a cache hint, so Apollo's cache-control plugin only ever answered `no-store`, after
                // working out a hint for every field resolved: app.ts sets the header on every /graphql answer instead
                ApolloServerPluginCacheControlDisabled(),
                metricsPlugin(metrics),
                limitsPlugin({ redis, prefix: cfg.redisPrefix, perMinute: cfg.rateLimitPerMinute, logger: log }),
                rollupVersionPlugin(replicaReads),
                // after the limits (a cached answer still counts against the quota)
                responseCachePlugin({ version: (unitCode, period) => dataVersion.unitMonth(unitCode, period) }),
              ],
              // Apollo's own text of an answer, reusing that of a kept statistics answer
              stringifyResult,
              allowBatchedHttpRequests: true,
              validationRules: [depthLimitRule(MAX_QUERY_DEPTH)],
              formatError: createErrorFormatter(log),
              includeStacktraceInErrorResponses: false,
              context: async ({ req }: { req: Request }): Promise<GqlContext> => {
                const ctx: GqlContext = { req, loaders: new RequestLoaders(tree, reports, stats) };
                try {
                  ctx.actor = await auth.authenticate(req.headers.authorization);
                } catch (e) {
                  ctx.authError = e; // raised by the first operation that needs to know who is asking
                }
                return ctx;
              },
            };
          },
        }),
        AdminTreeApiModule,
        ReportingApiModule,
        RollupApiModule,
        AnalyticsApiModule,
        ExportsModule,
        MetricsModule,
        NotificationsApiModule,
        CatalogueApiModule,
        RegistryApiModule,
        SetupApiModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
    };
  }
}
