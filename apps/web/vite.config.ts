import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { graphqlDocuments } from './documents-plugin.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.CARENET_API_URL ?? 'http://localhost:3000';

/** `npm run web:dev`: hot reload on :5173, the API proxied; `vite build` writes dist/web, which the API serves at `/`. */
export default defineConfig(({ command }) => ({
  root,
  // react-router's package exports only its development build (warnings and checks included); the build takes its production one
  resolve: command === 'build' ? { alias: [{ find: /^react-router$/, replacement: fileURLToPath(new URL('../../node_modules/react-router/dist/production/index.mjs', import.meta.url)) }] } : {},
  plugins: [graphqlDocuments(fileURLToPath(new URL('./src', import.meta.url))), react()],
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
