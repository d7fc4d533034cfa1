import type { ApolloServerPlugin } from '@apollo/server';
import { MetricsService, operationLabel } from '@carenet/metrics';

/** Counts each GraphQL operation, its time, and the codes of the errors it answered. */
export function metricsPlugin(metrics: MetricsService): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(rc) {
          metrics.observeOperation(operationLabel(rc.operation), Number(process.hrtime.bigint() - started) / 1e9);
          const body = rc.response.body;
          const errors = body.kind === 'single' ? body.singleResult.errors : undefined;
          for (const e of errors ?? []) metrics.countError(String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
        },
      };
    },
  };
}
