import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/**
 * The depth of each operation: the longest chain of nested selections,
 * following fragments (a fragment cycle is reported by graphql's own rules).
 */
export function operationDepth(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): number {
  let max = 0;
  for (const sel of selectionSet.selections) {
    let depth = 0;
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue; // introspection meta-fields
      depth = sel.selectionSet ? 1 + operationDepth(sel.selectionSet, fragments, seen) : 1;
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      depth = operationDepth(sel.selectionSet, fragments, seen);
    } else {
      const name = sel.name.value;
      const fragment = fragments[name];
      if (!fragment || seen.has(name)) continue;
      depth = operationDepth(fragment.selectionSet, fragments, new Set([...seen, name]));
    }
    max = Math.max(max, depth);
  }
  return max;
}

/** A validation rule that refuses operations nested deeper than `maxDepth`. */
export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    }
    return {
      OperationDefinition(node) {
        const depth = operationDepth(node.selectionSet, fragments);
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`Query depth ${depth} exceeds the limit of ${maxDepth}; ask for less nesting`, {
              nodes: [node],
              extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_DEEP', limit: maxDepth, depth },
            }),
          );
        }
      },
    };
  };
}
