import type { OperationDefinitionNode } from 'graphql';

/**
 * The label of an operation in the metrics: its type and first root field
 * ("mutation approveReport"). Root fields come from the schema, so the labels
 * stay few whatever operation names clients send.
 */
export function operationLabel(op: OperationDefinitionNode | null | undefined): string {
  if (!op) return 'invalid';
  const first = op.selectionSet.selections.find((s) => s.kind === 'Field');
  const name = first && first.kind === 'Field' ? first.name.value : 'fragment';
  return `${op.operation} ${name}`;
}
