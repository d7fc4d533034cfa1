import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
export { GraphQLSafeInt as SafeInt } from 'graphql-scalars';

const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

function parsePeriodValue(value: unknown): string {
  if (typeof value !== 'string' || !PERIOD_RE.test(value)) {
    throw new GraphQLError(`Period: must be a month written YYYY-MM (e.g. 2026-10), got ${JSON.stringify(value)?.slice(0, 40)}`, {
      extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD' },
    });
  }
  return value;
}

/** A calendar month, the string YYYY-MM. */
export const Period = new GraphQLScalarType<string, string>({
  name: 'Period',
  description: 'A calendar month, written YYYY-MM.',
  serialize: (v) => parsePeriodValue(v),
  parseValue: (v) => parsePeriodValue(v),
  parseLiteral: (ast) => parsePeriodValue(ast.kind === Kind.STRING ? ast.value : undefined),
});
export { GraphQLDateTime as DateTime } from 'graphql-scalars';
