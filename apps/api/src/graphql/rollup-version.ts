import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { HTTP_STATUS } from '@carenet/core';
import { currentReadScope, ReadScope, ReplicaReads, requestedRollupVersion, ROLLUP_VERSION_HEADER, runWithReadScope } from '@carenet/database';

/**
 * The request's read scope from the version the client has seen
 * (X-Carenet-Rollup-Version, the highest it was given): statistics reads
 * then reflect at least that version (see ReplicaReads). A value that is not
 * a version is refused, naming the header.
 */
export function rollupVersionScope(req: Request, res: Response, next: NextFunction): void {
  const asked = requestedRollupVersion(req.headers[ROLLUP_VERSION_HEADER]);
  if ('error' in asked) {
    res.status(HTTP_STATUS.BAD_USER_INPUT).json({
      errors: [{ message: asked.error, extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_ROLLUP_VERSION', field: ROLLUP_VERSION_HEADER } }],
    });
    return;
  }
  runWithReadScope(new ReadScope(asked.version), next);
}

/**
 * Every answer that read statistics, and every mutation's, carries the
 * version of what it reflects (taken after its reads, or after the
 * mutation's commit): in the X-Carenet-Rollup-Version header and in
 * `extensions.rollupVersion`.
 */
export function rollupVersionPlugin(reads: ReplicaReads): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, operation }) {
          const scope = currentReadScope();
          if (!scope) return;
          const version = await reads.versionAfter(scope, operation?.operation === 'mutation').catch(() => undefined);
          if (!version) return;
          response.http.headers.set(ROLLUP_VERSION_HEADER, version);
          if (response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, rollupVersion: version };
          }
        },
      };
    },
  };
}
