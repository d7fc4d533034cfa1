import { buildSchema, parse, validate } from 'graphql';
import { depthLimitRule, operationDepth } from './depth-limit.js';

const schema = buildSchema(`
  type Unit { code: String name: String parent: Unit children: [Unit] }
  type Query { unit: Unit }
`);

function depthOf(query: string): number {
  const doc = parse(query);
  const fragments = Object.fromEntries(doc.definitions.filter((d) => d.kind === 'FragmentDefinition').map((d) => [(d as { name: { value: string } }).name.value, d]));
  const op = doc.definitions.find((d) => d.kind === 'OperationDefinition') as never as { selectionSet: Parameters<typeof operationDepth>[0] };
  return operationDepth(op.selectionSet, fragments as never);
}

describe('query depth', () => {
  it.each([
    ['{ unit { code } }', 2],
    ['{ unit { parent { parent { code } } } }', 4],
    ['{ unit { ...F } } fragment F on Unit { children { parent { code } } }', 4],
    ['{ unit { ... on Unit { parent { code } } } }', 3],
    ['{ __typename }', 0],
    ['{ unit { code __typename } }', 2],
  ])('%s has depth %i', (q, d) => {
    expect(depthOf(q)).toBe(d);
  });

  it('refuses deeper operations with the limit in the error', () => {
    const errors = validate(schema, parse('{ unit { parent { parent { parent { code } } } } }'), [depthLimitRule(4)]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_DEEP', limit: 4, depth: 5 });
  });

  it('lets operations at the limit through', () => {
    expect(validate(schema, parse('{ unit { parent { parent { code } } } }'), [depthLimitRule(4)])).toHaveLength(0);
  });
});
