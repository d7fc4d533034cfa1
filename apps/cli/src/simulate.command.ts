import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { addMonths, dateToPeriod, loadConfig, parsePeriod } from '@carenet/core';
import { SimulationService, type SimulationResult, type SimulationTarget } from '@carenet/simulation';
import { createCliContext } from './cli.module.js';
import { prepareDatabase, say } from './services.js';

export const SIMULATE_HELP = `npm run simulate -- --province 52 --period 2026-10 [--until SAVED|SUBMITTED|APPROVED] [--seed N] [--all]

Generates figures shaped like the programme for every unit of a province for
a month (most village counts small and skewed, many zeros, about 40% of
villages with a child-care site, county subsidies near headcount × standard,
a few outliers) and pushes them through the real workflow: each county
imports its villages in one file, then every level is submitted and approved
bottom-up by a simulated clerk and approver (sim-clerk-NN, sim-approver-NN),
explaining the warnings that need it. Deterministic for a seed. Running it
again skips what is already further on. Rollups follow when a worker runs
(npm start).

Options:
  --province NN     the 2-digit code of the province (or --all: every province)
  --period YYYY-MM  the month (default: last month)
  --until STATUS    SAVED, SUBMITTED (villages) or APPROVED (up to the province; default)
  --seed N          default 1
  --concurrency N   parallel requests (default 6)`;

export async function simulateCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      province: { type: 'string' },
      all: { type: 'boolean' },
      period: { type: 'string' },
      until: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return void say(SIMULATE_HELP);
  if (!values.all === !values.province) throw new Error('simulate: give --province NN or --all; see --help');
  const until = (values.until ?? 'APPROVED').toUpperCase() as SimulationTarget;
  if (!['SAVED', 'SUBMITTED', 'APPROVED'].includes(until)) throw new Error(`--until: SAVED, SUBMITTED or APPROVED, got '${values.until}'`);
  const period = values.period ?? addMonths(dateToPeriod(new Date()), -1);
  parsePeriod(period, '--period');
  const seed = Number(values.seed ?? 1);
  const concurrency = Number(values.concurrency ?? 6);
  if (!Number.isInteger(seed) || !Number.isInteger(concurrency) || concurrency < 1) throw new Error('--seed and --concurrency: whole numbers');

  const config = loadConfig();
  const pg = await prepareDatabase(config, { migrate: true });
  const app = await createCliContext({ ...config, databaseUrl: pg.url });
  const bar = new cliProgress.SingleBar({ format: ' {phase} [{bar}] {value}/{total} | {duration_formatted}', noTTYOutput: true, notTTYSchedule: 5000, hideCursor: true }, cliProgress.Presets.shades_classic);
  try {
    const sim = app.get(SimulationService);
    const provinces = values.all ? (await sim.provinces()).map((c) => c.slice(0, 2)) : [values.province!.slice(0, 2)];
    for (const province of provinces) {
      let current = '';
      const result: SimulationResult = await sim.run({
        province,
        period,
        until,
        seed,
        concurrency,
        onProgress: (phase, done, total) => {
          if (phase !== current) {
            if (current) bar.stop();
            current = phase;
            bar.start(total, done, { phase: `${province} ${phase}`.padEnd(28) });
          } else bar.update(done);
        },
      });
      bar.stop();
      say(`\nProvince ${province}, ${period} (seed ${seed}):`);
      for (const p of result.phases) say(`  ${p.phase.padEnd(26)} ${String(p.units).padStart(7)} units  ${String(p.failed).padStart(5)} failed  ${p.seconds.toFixed(1).padStart(7)} s  ${p.seconds > 0 ? (p.units / p.seconds).toFixed(0) : '-'} /s`);
      for (const f of result.failures.slice(0, 10)) say(`  ! ${f.phase} ${f.unitCode}: ${f.message.slice(0, 200)}`);
      if (result.failures.length > 10) say(`  … and ${result.failures.length - 10} more failures`);
      if (result.failures.length) process.exitCode = 1;
    }
  } finally {
    bar.stop();
    await app.close();
    await pg.stop();
  }
}
