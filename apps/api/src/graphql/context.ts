import type { Request } from 'express';
import type { TreeLoaders } from '../admin-tree/admin-tree.loaders.js';

export interface GqlContext {
  req: Request;
  loaders: { tree: TreeLoaders };
}
