import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * Each `graphql(`…`)` call of apps/web/src becomes the document it stands for, inlined where it is
 * written, so a screen's chunk carries its own operations and nothing else. Without this, `graphql()`
 * looks the text up at runtime in the generated map (src/gql/gql.ts), which holds every operation of
 * every screen and would be part of the entry chunk.
 *
 * The documents come from the generated src/gql (npm run web:codegen): gql.ts maps each operation's
 * exact text to the name of its constant, graphql.ts holds the constants, one per line. An operation
 * whose text is not in the map (codegen not run since it changed) fails the build instead of leaving
 * an empty document for runtime.
 */
export function graphqlDocuments(srcDir: string): Plugin {
  const gqlDir = path.join(srcDir, 'gql');
  let byText = new Map<string, string>();
  const load = () => {
    const map = readFileSync(path.join(gqlDir, 'gql.ts'), 'utf8');
    const generated = readFileSync(path.join(gqlDir, 'graphql.ts'), 'utf8');
    const constants = new Map<string, string>();
    for (const m of generated.matchAll(/^export const (\w+) = (\{.*\}) as unknown as DocumentNode<.*>;$/gm)) constants.set(m[1]!, m[2]!);
    const body = map.slice(map.indexOf('const documents: Documents = {'));
    byText = new Map();
    for (const m of body.matchAll(/^\s*("(?:[^"\\]|\\.)*"): types\.(\w+),$/gm)) {
      const doc = constants.get(m[2]!);
      if (!doc) throw new Error(`src/gql/graphql.ts has no ${m[2]}: run npm run web:codegen`);
      byText.set(JSON.parse(m[1]!) as string, doc);
    }
    if (!byText.size) throw new Error('src/gql/gql.ts lists no documents: run npm run web:codegen');
  };
  return {
    name: 'carenet-graphql-documents',
    enforce: 'pre',
    buildStart() {
      load();
      this.addWatchFile(path.join(gqlDir, 'gql.ts'));
      this.addWatchFile(path.join(gqlDir, 'graphql.ts'));
    },
    watchChange(id) {
      if (id.startsWith(gqlDir)) load();
    },
    transform(code, id) {
      const file = id.split('?')[0]!;
      if (!file.startsWith(srcDir) || file.startsWith(gqlDir) || !/\.tsx?$/.test(file) || !code.includes('graphql(')) return null;
      const out = code
        .replace(/graphql\(\s*`([^`]*)`\s*\)/g, (_, text: string) => {
          const doc = byText.get(text);
          if (!doc) throw new Error(`${path.relative(srcDir, file)}: an operation the generated src/gql does not know; run npm run web:codegen\n${text.trim().split('\n')[0]}`);
          return `(${doc})`;
        })
        .replace(/^import \{ graphql \} from '[./]*gql(?:\/index)?';\n/m, '');
      if (/\bgraphql\(/.test(out)) throw new Error(`${path.relative(srcDir, file)}: graphql() is only called with a template literal (no placeholders)`);
      return { code: out, map: null };
    },
  };
}
