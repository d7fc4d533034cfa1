import { parse, type OperationDefinitionNode } from 'graphql';
import { operationLabel } from './operation-label.js';

const op = (q: string) => parse(q).definitions[0] as OperationDefinitionNode;

describe('operation label', () => {
  it.each([
    ['{ unit(code: "52") { name } }', 'query unit'],
    ['query Whatever123 { a: stats(unitCode: "52", period: "2026-10") { period } unit(code: "52") { name } }', 'query stats'],
    ['mutation M { approveReport(input: {}) { version } }', 'mutation approveReport'],
    ['query { ...F }', 'query fragment'],
  ])('%s → %s', (q, label) => {
    expect(operationLabel(op(q))).toBe(label);
  });
  it('labels an operation that did not parse as invalid', () => {
    expect(operationLabel(undefined)).toBe('invalid');
  });
});
