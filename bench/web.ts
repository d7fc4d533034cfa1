/**
 * The web app's figures (part of `npm run bench`, or alone: `npm run bench -- web`):
 *
 * - the bundle: each chunk of the Vite build (dist/web) gzipped, and the JavaScript the entry screen
 *   (`/units/:code/:period`, the clerk's form) needs before it can show: the entry chunk, every chunk
 *   it imports statically, the entry screen's lazy chunk (UnitPage) and the chunks that one imports
 *   statically, read from the build's manifest. Target ≤ 250 KB gzipped.
 * - time-to-usable: a signed-in village clerk opens `/` in a fresh browser context (empty cache) with
 *   the CPU throttled 4× through the DevTools protocol, on loopback against a running API; "usable" is
 *   the entry form's first input visible and enabled, timed in the page from navigation start.
 *   Target ≤ 1.5 s (the median of the runs). The machine is shared, so each round also loads the screen
 *   unthrottled, a static page with one input throttled and a bare React page (react-dom's createRoot
 *   rendering one input, built by Vite for production) throttled: baselines under the same load. The
 *   React page is the floor of the stack the app is written in.
 *
 * Alone it starts what it needs: Postgres and Redis as the bench does, a database of its own with
 * Guizhou's tree, a village clerk and the API serving dist/web; all of it is stopped and dropped after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB = path.join(ROOT, 'dist/web');
/** The entry screen's lazy chunk, as the manifest names it. */
const ENTRY_SCREEN = 'src/features/units/UnitPage.tsx';
export const ENTRY_TARGET_KB = 250;
export const USABLE_TARGET_MS = 1500;
const CPU_SLOWDOWN = 4;

export interface WebBenchRow {
  scenario: string;
  figure: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
  baseline?: number;
  ratio?: number;
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export interface BundleFigures {
  chunks: { file: string; bytes: number; gzip: number }[];
  entryScreen: { files: string[]; gzip: number };
}

const kb = (bytes: number) => bytes / 1024;

/** Each JS chunk gzipped (level 9, as a server would send it), and what the entry screen needs. */
export function bundleFigures(dir = WEB): BundleFigures {
  const manifestFile = path.join(dir, '.vite/manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`no ${path.relative(ROOT, manifestFile)}: run npm run -s web:build first`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  const assets = path.join(dir, 'assets');
  const chunks = readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => {
      const code = readFileSync(path.join(assets, f));
      return { file: `assets/${f}`, bytes: code.length, gzip: gzipSync(code, { level: 9 }).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
  const needed = new Set<string>();
  const visit = (key: string) => {
    const c = manifest[key];
    if (!c) throw new Error(`${key} is not in the build's manifest`);
    if (needed.has(c.file)) return;
    needed.add(c.file);
    for (const i of c.imports ?? []) visit(i);
  };
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entry) throw new Error('the manifest names no entry');
  visit(entry);
  visit(ENTRY_SCREEN);
  const files = [...needed].filter((f) => f.endsWith('.js'));
  const gzip = files.reduce((n, f) => n + (chunks.find((c) => c.file === f)?.gzip ?? 0), 0);
  return { chunks, entryScreen: { files, gzip } };
}

export function bundleTable(b: BundleFigures): string {
  const needed = new Set(b.entryScreen.files);
  return [
    '| chunk | size | gzipped | entry screen |',
    '|---|---|---|---|',
    ...b.chunks.map((c) => `| ${c.file.replace(/-[\w-]{8}\.js$/, '.js')} | ${kb(c.bytes).toFixed(1)} KB | ${kb(c.gzip).toFixed(1)} KB | ${needed.has(c.file) ? 'yes' : ''} |`),
    `| **entry screen total** | | **${kb(b.entryScreen.gzip).toFixed(1)} KB** | target ≤ ${ENTRY_TARGET_KB} KB |`,
  ].join('\n');
}

/** A page with one input and nothing else: what the browser alone costs (navigation, parsing, a paint). */
const STATIC_PAGE = '<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8"><title>static</title></head><body><form><input aria-label="static"></form></body></html>';

/**
 * The bare React page: react-dom's createRoot rendering one input and nothing else, no router, no
 * client, no components. Built by Vite in production mode (minified, React's production build) into a
 * temporary directory, served at `/bench-react/` as the static page is; `dispose()` removes it.
 */
const REACT_BASE = '/bench-react/';
const REACT_PAGE_HTML = '<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8"><title>react</title></head><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>';
const REACT_PAGE_MAIN = `import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
createRoot(document.getElementById('root')).render(createElement('input', { 'aria-label': 'react' }));
`;

export interface ReactPage {
  /** The built page's files by path below REACT_BASE (`''` is index.html). */
  files: Map<string, Buffer>;
  /** Its JavaScript, gzipped (level 9). */
  gzip: number;
}

export async function buildReactPage(): Promise<ReactPage> {
  const { build } = await import('vite');
  const dir = mkdtempSync(path.join(tmpdir(), 'carenet-bench-react-'));
  try {
    writeFileSync(path.join(dir, 'index.html'), REACT_PAGE_HTML);
    writeFileSync(path.join(dir, 'main.js'), REACT_PAGE_MAIN);
    const out = path.join(dir, 'out');
    await build({
      root: dir,
      base: REACT_BASE,
      mode: 'production',
      configFile: false,
      logLevel: 'warn',
      // the sources sit outside the project: React is the project's own copy
      resolve: {
        alias: [
          { find: /^react$/, replacement: path.join(ROOT, 'node_modules/react/index.js') },
          { find: /^react-dom\/client$/, replacement: path.join(ROOT, 'node_modules/react-dom/client.js') },
        ],
      },
      build: { outDir: out, emptyOutDir: true },
    });
    const files = new Map<string, Buffer>();
    const walk = (at: string) => {
      for (const e of readdirSync(path.join(out, at), { withFileTypes: true })) {
        const rel = at ? `${at}/${e.name}` : e.name;
        if (e.isDirectory()) walk(rel);
        else files.set(rel === 'index.html' ? '' : rel, readFileSync(path.join(out, rel)));
      }
    };
    walk('');
    const gzip = [...files].filter(([f]) => f.endsWith('.js')).reduce((n, [, code]) => n + gzipSync(code, { level: 9 }).length, 0);
    return { files, gzip };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface UsableTimes {
  /** The entry screen, CPU throttled: the figure. */
  throttled: number[];
  /** The same load without throttling: what the machine alone costs at the moment. */
  unthrottled: number[];
  /** A static page with one input, CPU throttled: the floor of any page here. */
  staticThrottled: number[];
  /** A bare React page rendering one input, CPU throttled: the floor of any React page here. */
  reactThrottled: number[];
}

/**
 * Opens `/` signed in as `username` (the token put in localStorage before the app starts), in a new
 * context each run, CPU throttled, and returns each run's milliseconds from navigation start until the
 * entry form's first input is visible and enabled. Each run also loads the same screen unthrottled, a
 * static page with one input throttled and the bare React page throttled, one after the other, so that
 * the four share the machine's load (it is shared, and the figures swing with it): their ratios tell
 * what the screen itself costs, and what React alone costs.
 */
export async function timeToUsable(url: string, username: string, password: string, reactPage: ReactPage, runs = 5): Promise<UsableTimes> {
  const { chromium } = await import('@playwright/test');
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', variables: { u: username, p: password } }),
  });
  const token = ((await res.json()) as { data?: { login: { token: string } } }).data?.login.token;
  if (!token) throw new Error(`could not sign in as ${username}`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  const open = async (at: string, rate: number, input: string): Promise<number> => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    try {
      await context.addInitScript({ content: `localStorage.setItem('carenet.token', ${JSON.stringify(token)});` });
      await context.route(`${url}/bench-static`, (r) => r.fulfill({ contentType: 'text/html; charset=utf-8', body: STATIC_PAGE }));
      await context.route(
        (u) => u.pathname.startsWith(REACT_BASE),
        (r) => {
          const file = new URL(r.request().url()).pathname.slice(REACT_BASE.length);
          const body = reactPage.files.get(file);
          if (!body) return r.fulfill({ status: 404, body: '' });
          return r.fulfill({ contentType: file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html; charset=utf-8', body });
        },
      );
      const page = await context.newPage();
      const cdp = await page.context().newCDPSession(page);
      if (rate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      await page.goto(`${url}${at}`, { waitUntil: 'commit' });
      // (a string: this file is compiled without the DOM's types) the moment, from navigation start, the input can be typed in
      const handle = await page.waitForFunction(
        `(() => {
          const input = document.querySelector(${JSON.stringify(input)});
          if (!input || input.disabled) return false;
          const box = input.getBoundingClientRect();
          return box.width > 0 && box.height > 0 && getComputedStyle(input).visibility !== 'hidden' ? performance.now() : false;
        })()`,
        undefined,
        { polling: 'raf', timeout: 60_000 },
      );
      return (await handle.jsonValue()) as number;
    } finally {
      await context.close();
    }
  };
  // the entry form's first figure (the sign-in form would not do: a signed-in clerk must not land there)
  const entryInput = 'input[id^="f-"][role="spinbutton"]';
  const times: UsableTimes = { throttled: [], unthrottled: [], staticThrottled: [], reactThrottled: [] };
  try {
    for (let i = 0; i <= runs; i++) {
      const throttled = await open('/', CPU_SLOWDOWN, entryInput);
      const unthrottled = await open('/', 1, entryInput);
      const stat = await open('/bench-static', CPU_SLOWDOWN, 'form input');
      const react = await open(REACT_BASE, CPU_SLOWDOWN, '#root input');
      if (i === 0) continue; // the first round warms the API (its caches, the JIT), not the browser: each context starts empty
      times.throttled.push(throttled);
      times.unthrottled.push(unthrottled);
      times.staticThrottled.push(stat);
      times.reactThrottled.push(react);
    }
  } finally {
    await browser.close();
  }
  return times;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Both figures as rows of the bench table; `log` gets the chunk table. */
export async function webBench(opts: { url: string; username: string; password: string; log(m: string): void }): Promise<WebBenchRow[]> {
  const b = bundleFigures();
  opts.log(`web app chunks (gzip -9):\n${bundleTable(b)}`);
  const rows: WebBenchRow[] = [
    { scenario: 'web app bundle', figure: 'chunks', value: b.chunks.length, unit: '' },
    { scenario: 'web app bundle', figure: 'largest chunk (gzipped)', value: kb(b.chunks[0]?.gzip ?? 0), unit: 'KB' },
    { scenario: 'web app bundle', figure: 'entry screen JS (gzipped)', value: kb(b.entryScreen.gzip), unit: 'KB', target: `≤ ${ENTRY_TARGET_KB} KB`, met: kb(b.entryScreen.gzip) <= ENTRY_TARGET_KB },
  ];
  const reactPage = await buildReactPage();
  rows.push({ scenario: 'bare React page (createRoot, one input)', figure: 'JS (gzipped)', value: kb(reactPage.gzip), unit: 'KB' });
  const times = await timeToUsable(opts.url, opts.username, opts.password, reactPage);
  const fmt = (xs: number[]) => xs.map((t) => t.toFixed(0)).join(', ');
  opts.log(
    `time-to-usable runs (ms): ${fmt(times.throttled)}; unthrottled: ${fmt(times.unthrottled)}; a static page, throttled: ${fmt(times.staticThrottled)}; a bare React page, throttled: ${fmt(times.reactThrottled)}`,
  );
  const m = median(times.throttled);
  const scenario = `entry screen, CPU ${CPU_SLOWDOWN}× slower, loopback, empty cache`;
  const un = median(times.unthrottled);
  const floor = median(times.staticThrottled);
  const reactFloor = median(times.reactThrottled);
  rows.push(
    { scenario, figure: 'time-to-usable (median)', value: m, unit: 'ms', target: `≤ ${USABLE_TARGET_MS} ms`, met: m <= USABLE_TARGET_MS },
    { scenario, figure: 'time-to-usable (worst)', value: Math.max(...times.throttled), unit: 'ms' },
    // baselines from the same rounds: ratio = how many times the baseline the throttled screen takes
    { scenario: 'baseline: entry screen, not throttled (same rounds)', figure: 'time-to-usable (median); ratio = throttled ÷ this', value: un, unit: 'ms', baseline: un, ratio: m / un },
    { scenario: `baseline: a static page with one input, CPU ${CPU_SLOWDOWN}× slower (same rounds)`, figure: 'time-to-usable (median); ratio = throttled ÷ this', value: floor, unit: 'ms', baseline: floor, ratio: m / floor },
    // the floor of the decided stack: if this alone is near the target, the target is out of reach with React here
    {
      scenario: `baseline: a bare React 19 page (createRoot, one input), CPU ${CPU_SLOWDOWN}× slower (same rounds)`,
      figure: 'time-to-usable (median); ratio = throttled ÷ this',
      value: reactFloor,
      unit: 'ms',
      baseline: reactFloor,
      ratio: m / reactFloor,
      target: `≤ ${USABLE_TARGET_MS} ms leaves room for the screen`,
      met: reactFloor <= USABLE_TARGET_MS,
    },
    { scenario: `baseline: a bare React 19 page (createRoot, one input), CPU ${CPU_SLOWDOWN}× slower (same rounds)`, figure: 'time-to-usable (worst)', value: Math.max(...times.reactThrottled), unit: 'ms' },
  );
  return rows;
}

/** `npm run bench -- web`: the web figures alone, on a database and API of their own. */
export async function webBenchAlone(log: (m: string) => void): Promise<WebBenchRow[]> {
  const { loadConfig } = await import('@carenet/core');
  const { dropDatabase, ensureDatabase, migrate } = await import('@carenet/database');
  const { ensurePostgres, ensureRedis, waitFor, portAnswers } = await import('@carenet/runtime');
  const pg = (await import('pg')).default;
  const base = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const pgService = await ensurePostgres({ databaseUrl: base.databaseUrl, dataDir: '.data/bench', database: 'postgres', log });
  const redisService = await ensureRedis({ redisUrl: base.redisUrl, dataDir: '.data/bench', log });
  const u = new URL(pgService.url);
  u.pathname = `/carenet_bench_${stamp}_web`;
  const dbUrl = u.toString();
  const prefix = `carenet-bench-${stamp}-web`;
  const env = { DATABASE_URL: dbUrl, REDIS_URL: redisService.url, CARENET_REDIS_PREFIX: prefix, NODE_ENV: 'test', LOG_LEVEL: 'warn' };
  const cli = async (args: string[]) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/cli/src/main.js'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`${args[0]} exited with ${code}`);
  };
  let api: ChildProcess | undefined;
  try {
    await ensureDatabase(dbUrl);
    await migrate(dbUrl);
    log("importing Guizhou's tree…");
    await cli(['seed:divisions', '--province', '52']);
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const village = (await client.query<{ code: string }>(`SELECT code FROM admin_unit WHERE depth = 5 AND code LIKE '52%' AND valid_to IS NULL ORDER BY code LIMIT 1`)).rows[0]!.code;
    await client.end();
    const password = 'bench web password 1';
    await cli(['user:create', '--username', 'bench-village-clerk', '--password', password, '--role', 'CLERK', '--unit', village]);
    const port = 39_000 + Math.floor(Math.random() * 1000);
    api = spawn(process.execPath, [path.join(ROOT, 'dist/apps/api/src/main.js')], { env: { ...process.env, ...env, PORT: String(port), CARENET_RATE_LIMIT_PER_MINUTE: '100000' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let apiErr = '';
    api.stderr?.on('data', (c) => (apiErr += c));
    if (!(await waitFor(() => portAnswers('127.0.0.1', port), 30_000, 200))) throw new Error(`the API did not start: ${apiErr.slice(0, 2000)}`);
    return await webBench({ url: `http://127.0.0.1:${port}`, username: 'bench-village-clerk', password, log });
  } finally {
    if (api && api.exitCode === null) {
      const exited = new Promise((r) => api!.once('exit', r));
      api.kill('SIGTERM');
      await exited;
    }
    await dropDatabase(dbUrl).catch(() => undefined);
    await redisService.stop();
    await pgService.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
  webBenchAlone(log)
    .then((rows) => process.stdout.write(`${rows.map((r) => `${r.scenario}: ${r.figure} = ${r.value.toFixed(1)} ${r.unit}${r.target ? ` (target ${r.target}: ${r.met ? 'met' : 'NOT met'})` : ''}`).join('\n')}\n`))
    .catch((e) => {
      process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    });
}
