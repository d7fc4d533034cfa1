#!/usr/bin/env node
/**
 * What `npm start`, `npm run cli` and the other entry scripts run: builds the
 * TypeScript when the compiler is installed (a development checkout), else
 * runs the build that is there (a production install, `npm ci --omit=dev` or
 * NODE_ENV=production, leaves the compiler out), else says what to do.
 *
 *   node scripts/launch.mjs <entry relative to dist/> [arguments…]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/launch.mjs <entry under dist/> [arguments…]');
  process.exit(2);
}
const swc = join(root, 'node_modules', '.bin', 'swc');
const built = join(root, 'dist', entry);

if (existsSync(swc)) {
  // the server and the web app, as `npm run build` does
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
} else if (!existsSync(built)) {
  console.error(
    'carenet is not built, and the compiler is not installed (production installs leave it out).\n' +
      'Build it once with the development dependencies:  npm ci --include=dev && npm run build\n' +
      '(or use the Docker image, which ships the build: docker/compose.yml).',
  );
  process.exit(1);
}
const child = spawn(process.execPath, ['--enable-source-maps', built, ...args], { cwd: root, stdio: 'inherit' });
// Ctrl-C reaches the program from the terminal itself; a SIGTERM sent to this launcher is passed on
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => {
  if (signal) process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGKILL: 9 }[signal] ?? 1));
  process.exit(code ?? 1);
});
