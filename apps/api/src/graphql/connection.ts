import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/** Relay connection types for a node type: `<Name>Connection` and `<Name>Edge`. */
export function ConnectionType<T>(nodeType: Type<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field() cursor!: string;
    @Field(() => nodeType) node!: T;
  }

  @ObjectType(`${name}Connection`, { isAbstract: true })
  abstract class Connection {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int, { description: 'Counted only when asked for.' }) totalCount!: number | Promise<number>;
  }
  return Connection;
}

/** Shapes a service page as a connection; totalCount is a getter, so it is counted only when selected. */
export function toConnection<T>(page: { items: T[]; cursors: string[]; hasNextPage: boolean; endCursor: string | null; totalCount: () => Promise<number> }) {
  return {
    edges: page.items.map((node, i) => ({ node, cursor: page.cursors[i]! })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    get totalCount() {
      return page.totalCount();
    },
  };
}
