import { parseArgs } from 'node:util';
import { addMonths, dateToPeriod, loadConfig } from '@carenet/core';
import { RegistryCountsService, RegistrySimulationService } from '@carenet/registry';
import { createCliContext } from './cli.module.js';
import { prepareDatabase, say } from './services.js';

export const REGISTRY_SIMULATE_HELP = `npm run cli -- registry:simulate --province 52 --period 2026-10 [--per-village 55] [--seed N]

Creates a child registry shaped like the programme for every village of a
province (or any unit): a few dozen files per village, grades mostly green
and yellow, a few red, a helper for most, home visits in the month; then
keeps the month's counts for the whole tree. Load the tree first.

Options:
  --province CODE      the unit whose villages get files (default: 52)
  --period YYYY-MM     the month of the visits and of the kept counts (default: last month)
  --per-village N      mean files per village (default: 55, about 1 million for Guizhou)
  --seed N             random seed (default: 1)`;

export async function registrySimulateCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { province: { type: 'string' }, period: { type: 'string' }, 'per-village': { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) return void say(REGISTRY_SIMULATE_HELP);
  const config = loadConfig();
  const pg = await prepareDatabase(config, { migrate: true });
  const app = await createCliContext({ ...config, databaseUrl: pg.url });
  try {
    const period = values.period ?? addMonths(dateToPeriod(new Date()), -1);
    const unitCode = values.province ?? '52';
    const r = await app.get(RegistrySimulationService).generate({ unitCode, period, perVillage: Number(values['per-village'] ?? 55), seed: Number(values.seed ?? 1) });
    say(`Created ${r.files} files under ${unitCode} (${r.seconds.toFixed(1)} s)`);
    const k = await app.get(RegistryCountsService).keepMonth(period);
    say(`Kept the registry counts of ${period}: ${k.rows} rows (${k.seconds.toFixed(2)} s)`);
  } finally {
    await app.close();
    await pg.stop();
  }
}
