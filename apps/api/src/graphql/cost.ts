import { isObjectType, type GraphQLField, type GraphQLNamedType, type GraphQLSchema } from 'graphql';

/**
 * What a field costs on its own in the complexity limit (limits.ts), before
 * what is under it. Declared on each root field and each field resolver as
 * `complexity: COST.X` (Nest puts it in the field's extensions); a field that
 * declares nothing costs COST.QUERY when it runs code of its own (a root
 * field, a field resolver) and COST.FREE when it only reads a property of
 * the object already loaded. So a new resolver is never free by accident:
 * test/e2e/costs.test.ts fails on any root field or field resolver without
 * a declaration.
 */
export const COST = {
  /** Shapes the object already loaded (no statement, no I/O): what a plain field costs. */
  FREE: 1,
  /** Through the request's loader: one statement for every parent at once. */
  BATCHED: 2,
  /** A statement or a few of its own (a row, a page, a small transaction): the default. */
  QUERY: 10,
  /** Reads many rows of a subtree (sums, searches, checks over every file or report below a unit). */
  SUBTREE: 50,
  /** A password hashed or checked (argon2: tens of milliseconds of CPU each). */
  PASSWORD: 100,
  /** Builds or reads a whole file (thousands of rows and statements). */
  FILE: 2_500,
  /**
   * Works out a tree change over a whole subtree inside one transaction,
   * holding a connection throughout: half the limit, so one operation (one
   * HTTP request, a batch sharing the limit) runs at most one.
   */
  TREE_CHANGE: 5_000,
} as const;

/** The field runs code of its own: a root field, or a field resolver (not Nest's read of a property). */
export function resolvesItself(field: GraphQLField<unknown, unknown>, parent: GraphQLNamedType, schema: GraphQLSchema): boolean {
  if (parent === schema.getQueryType() || parent === schema.getMutationType() || parent === schema.getSubscriptionType()) return true;
  // Nest gives every plain field this resolver (a property read); graphql-js's default has no own resolve
  return typeof field.resolve === 'function' && field.resolve.name !== 'rootFieldResolver';
}

/** The cost the field declares, or undefined. */
export function declaredCost(field: GraphQLField<unknown, unknown>): number | undefined {
  const c = field.extensions?.complexity;
  return typeof c === 'number' && Number.isFinite(c) && c >= 0 ? c : undefined;
}

/** What the field costs on its own: what it declares, else COST.QUERY for code of its own and COST.FREE for a property. */
export function ownCost(field: GraphQLField<unknown, unknown>, parent: GraphQLNamedType, schema: GraphQLSchema): number {
  return declaredCost(field) ?? (resolvesItself(field, parent, schema) ? COST.QUERY : COST.FREE);
}

/** Root fields and field resolvers that declare no cost: "Type.field" each. */
export function fieldsWithoutCost(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (resolvesItself(field, type, schema) && declaredCost(field) === undefined) missing.push(`${type.name}.${field.name}`);
    }
  }
  return missing.sort();
}
