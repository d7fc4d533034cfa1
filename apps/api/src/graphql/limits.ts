import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode, type GraphQLField, type GraphQLSchema, isListType, getNullableType } from 'graphql';
import { getComplexity, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import type { NextFunction, Request, Response } from 'express';
import type { RedisClient } from '@carenet/queue';
import { HTTP_STATUS, type ErrorCategory, type Logger } from '@carenet/core';
import type { GqlContext } from './context.js';
import { takeFromQuota } from './rate-limit.js';
import { ownCost } from './cost.js';

/** Limits for clients we do not control; each refusal names the limit that was hit. */
export const LIMITS = {
  maxCost: 10_000,
  maxAliases: 30,
  maxBatch: 10,
  defaultListSize: 10,
};

function refuse(message: string, code: ErrorCategory, reason: string, extra: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, reason, ...extra, http: { status: HTTP_STATUS[code] } } });
}

/**
 * Root fields that take more than one request from the per-minute quota:
 * those that build or read a whole file, and tree changes (what they cost in
 * the complexity limit is declared on the field: cost.ts).
 */
export const HEAVY_FIELDS: Record<string, { requests: number }> = {
  importTemplate: { requests: 20 },
  importReports: { requests: 20 },
  // a job reads its file later, in the worker; starting one still takes the upload and stores it
  startReportImport: { requests: 20 },
  startRegistryImport: { requests: 20 },
  previewTreeChange: { requests: 20 },
  applyTreeChange: { requests: 20 },
};

/** Requests the heavy fields of an operation take from the quota, on top of the request itself. */
export function heavyWeight(document: DocumentNode): number {
  let n = 0;
  visit(document, {
    Field(node) {
      n += HEAVY_FIELDS[node.name.value]?.requests ?? 0;
    },
  });
  return n;
}

/** The lists of a page (their length is the page's `first`, already counted). */
const PAGE_LISTS = new Set(['edges', 'items']);

/**
 * Cost: each field what it costs on its own (cost.ts: declared on the field;
 * undeclared, COST.QUERY for a root field or a field resolver, COST.FREE for
 * a property of an object already loaded); a field with `first` multiplies
 * what is under it by `first` (20 when not given); another list field by 10,
 * except a page's own list (`edges`, `items`), whose length `first` already
 * counts.
 */
function estimatorFor(schema: GraphQLSchema) {
  return ({ args, childComplexity, field, type }: ComplexityEstimatorArgs): number => {
    // the type's name, which every client asks for beside every selection (urql does): no work at all
    if (field.name === '__typename') return 0;
    const own = ownCost(field as GraphQLField<unknown, unknown>, type, schema);
    if (PAGE_LISTS.has(field.name)) return own + childComplexity;
    if (typeof args.first === 'number') return own + childComplexity * Math.max(1, args.first);
    if ((field as GraphQLField<unknown, unknown>).args.some((a) => a.name === 'first')) return own + childComplexity * 20;
    return own + childComplexity * (isListType(getNullableType(field.type)) ? LIMITS.defaultListSize : 1);
  };
}

/** What an operation costs (throws when the variables do not fit their types). */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): number {
  return getComplexity({ schema, query: document, variables, operationName, estimators: [estimatorFor(schema)] });
}

/** A NUL character anywhere in the variables or the query's string literals (Postgres text cannot hold one). */
export function hasNulCharacter(document: DocumentNode | undefined, variables: unknown): boolean {
  let found = false;
  if (document) visit(document, {
    StringValue(node) {
      if (node.value.includes('\u0000')) found = true;
    },
  });
  const walk = (v: unknown): boolean =>
    typeof v === 'string' ? v.includes('\u0000') : Array.isArray(v) ? v.some(walk) : v !== null && typeof v === 'object' ? Object.values(v).some(walk) : false;
  return found || walk(variables);
}

export function countAliases(document: DocumentNode): number {
  let n = 0;
  visit(document, {
    Field(node) {
      if (node.alias) n++;
    },
  });
  return n;
}

interface DocumentShape {
  aliases: number;
  nulInLiterals: boolean;
  heavyWeight: number;
  /** Cost by operation name and variables. */
  costs: Map<string, number>;
}

const MAX_COST_KEY = 2_000;
const MAX_COSTS_PER_DOCUMENT = 100;

/**
 * What the limits need to know of a parsed operation, worked out once: Apollo
 * keeps one parsed document per distinct query text, so its object is the key.
 */
const shapes = new WeakMap<DocumentNode, DocumentShape>();
function shapeOf(document: DocumentNode): DocumentShape {
  let shape = shapes.get(document);
  if (!shape) {
    shape = { aliases: countAliases(document), nulInLiterals: hasNulCharacter(document, undefined), heavyWeight: heavyWeight(document), costs: new Map() };
    shapes.set(document, shape);
  }
  return shape;
}

/** The cost of the operations already admitted, per HTTP request (a batch shares the limit). */
const costSpent = new WeakMap<object, number>();

/**
 * Per request, before anything runs: too many aliases, too costly, too fast.
 * Rates are counted per user or API key and minute in this process and
 * shared through Redis (rate-limit.ts), so the limit holds across API
 * processes. The operation's shape and cost are worked out once per distinct
 * query (and variables).
 */
export function limitsPlugin(opts: { redis: RedisClient; prefix: string; perMinute: number; logger: Logger }): ApolloServerPlugin<GqlContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc: GraphQLRequestContext<GqlContext>) {
          const document = rc.document!;
          const shape = shapeOf(document);
          if (shape.aliases > LIMITS.maxAliases) {
            throw refuse(`${shape.aliases} aliases in one operation; at most ${LIMITS.maxAliases}`, 'BAD_USER_INPUT', 'TOO_MANY_ALIASES', { limit: LIMITS.maxAliases, aliases: shape.aliases });
          }
          if (shape.nulInLiterals || hasNulCharacter(undefined, rc.request.variables)) {
            throw refuse('a value holds a NUL character (\\u0000), which no field accepts', 'BAD_USER_INPUT', 'INVALID_CHARACTER', {});
          }
          const costKey = `${rc.operationName ?? ''}\u0000${rc.request.variables ? JSON.stringify(rc.request.variables) : ''}`;
          let cost = shape.costs.get(costKey);
          if (cost === undefined) {
            try {
              cost = operationCost(rc.schema, document, rc.request.variables ?? {}, rc.operationName ?? undefined);
            } catch (e) {
              // the variables do not fit their types: the same answer GraphQL's own coercion would give
              throw refuse((e as Error).message, 'BAD_USER_INPUT', 'INVALID_ARGUMENT', {});
            }
            if (costKey.length <= MAX_COST_KEY && shape.costs.size < MAX_COSTS_PER_DOCUMENT) shape.costs.set(costKey, cost);
          }
          if (cost > LIMITS.maxCost) {
            throw refuse(`this operation would cost ${cost}; at most ${LIMITS.maxCost} — ask for smaller pages, fewer nested lists or fewer costly fields`, 'BAD_USER_INPUT', 'QUERY_TOO_COSTLY', { limit: LIMITS.maxCost, cost });
          }
          // the operations of a batch share the limit (each gets a copy of the context, all the same request)
          const req: object = rc.contextValue.req ?? rc.contextValue;
          const spent = (costSpent.get(req) ?? 0) + cost;
          if (spent > LIMITS.maxCost) {
            throw refuse(`the operations of this batch would cost ${spent} together; at most ${LIMITS.maxCost} — send fewer or cheaper operations`, 'BAD_USER_INPUT', 'QUERY_TOO_COSTLY', { limit: LIMITS.maxCost, cost: spent });
          }
          costSpent.set(req, spent);
          const { allowed, limit, retryAfterSeconds } = await takeFromQuota(opts, rc.contextValue.actor, rc.contextValue.req.ip, 1 + shape.heavyWeight);
          if (!allowed) {
            throw refuse(`more than ${limit} requests this minute; try again in ${retryAfterSeconds} s`, 'RATE_LIMITED', 'TOO_MANY_REQUESTS', { limit, retryAfterSeconds });
          }
        },
      };
    },
  };
}

/** Batched requests (a JSON array of operations) are allowed up to LIMITS.maxBatch. */
export function batchLimit(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'POST' && Array.isArray(req.body) && req.body.length > LIMITS.maxBatch) {
    res.status(HTTP_STATUS.BAD_USER_INPUT).json({
      errors: [
        {
          message: `${req.body.length} operations in one batch; at most ${LIMITS.maxBatch}`,
          extensions: { code: 'BAD_USER_INPUT', reason: 'TOO_MANY_OPERATIONS', limit: LIMITS.maxBatch, operations: req.body.length },
        },
      ],
    });
    return;
  }
  next();
}
