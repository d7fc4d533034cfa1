import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { graphqlDocuments } from './documents-plugin.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * `<link rel="modulepreload">` in index.html for a lazy screen's chunk and every chunk it imports, so
 * that they load alongside the entry chunk instead of after it has run. For the entry screen only:
 * the one someone signed in lands on.
 */
function preloadScreen(screen: string): Plugin {
  return {
    name: 'carenet-preload-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const lazy = chunks.find((c) => c.facadeModuleId?.endsWith(screen));
        if (!lazy) throw new Error(`no chunk for ${screen}`);
        const entry = chunks.find((c) => c.isEntry);
        const already = new Set<string>(entry ? [entry.fileName, ...entry.imports] : []);
        const files: string[] = [];
        const visit = (file: string) => {
          if (already.has(file) || files.includes(file)) return;
          files.push(file);
          for (const i of chunks.find((c) => c.fileName === file)?.imports ?? []) visit(i);
        };
        visit(lazy.fileName);
        return files.map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const }));
      },
    },
  };
}
const api = process.env.CARENET_API_URL ?? 'http://localhost:3000';

/** `npm run web:dev`: hot reload on :5173, the API proxied; `vite build` writes dist/web, which the API serves at `/`. */
export default defineConfig(({ command }) => ({
  root,
  // react-router's package exports only its development build (warnings and checks included); the build takes its production one
  resolve: command === 'build' ? { alias: [{ find: /^react-router$/, replacement: fileURLToPath(new URL('../../node_modules/react-router/dist/production/index.mjs', import.meta.url)) }] } : {},
  plugins: [graphqlDocuments(fileURLToPath(new URL('./src', import.meta.url))), react(), preloadScreen('src/features/units/UnitPage.tsx')],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // which chunks each screen needs (bench/web.ts sums the entry screen's from it)
    manifest: true,
  },
  server: {
    port: 5173,
    proxy: { '/graphql': api, '/exports': api, '/health': api },
  },
}));
