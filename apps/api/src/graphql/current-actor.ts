import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainError } from '@carenet/core';
import type { GqlContext } from './context.js';

/**
 * The actor of the request. Without a token this throws UNAUTHENTICATED (not
 * FORBIDDEN, so clients know to log in again); with a bad one, why it is bad.
 */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const ctx = GqlExecutionContext.create(context).getContext<GqlContext>();
  if (ctx.authError) throw ctx.authError;
  if (!ctx.actor) throw new DomainError('UNAUTHENTICATED', 'MISSING_TOKEN', 'sign in first: send Authorization: Bearer <token from login, or an API key>');
  return ctx.actor;
});
