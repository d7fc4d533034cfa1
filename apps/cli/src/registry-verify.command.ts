import { parseArgs } from 'node:util';
import { addMonths, dateToPeriod, loadConfig } from '@carenet/core';
import { RegistryCountsService } from '@carenet/registry';
import { createCliContext } from './cli.module.js';
import { prepareDatabase, say } from './services.js';

export const REGISTRY_VERIFY_HELP = `npm run cli -- registry:verify --period 2026-10 [--unit 52] [--keep]

Compares, for a month, the submitted and approved reports of a unit's subtree
with what the children's files say on the month's last day, and prints every
difference per unit and indicator. When the month's counts are kept, also
recomputes them from the files and prints any difference from the kept ones.
Exits 1 when anything differs.

Options:
  --period YYYY-MM   the month (default: last month)
  --unit CODE        the subtree (default: 52)
  --keep             first rewrite what each file counts for (registry_fact) from the
                     history rows, then (re)compute and keep the month's counts for the whole tree
  --limit N          differences to print (default 50)`;

export async function registryVerifyCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { period: { type: 'string' }, unit: { type: 'string' }, keep: { type: 'boolean' }, limit: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) return void say(REGISTRY_VERIFY_HELP);
  const config = loadConfig();
  const pg = await prepareDatabase(config, { migrate: true });
  const app = await createCliContext({ ...config, databaseUrl: pg.url });
  try {
    const counts = app.get(RegistryCountsService);
    const period = values.period ?? addMonths(dateToPeriod(new Date()), -1);
    const unit = values.unit ?? '52';
    const limit = Number(values.limit ?? 50);
    if (values.keep) {
      const f = await counts.rebuildFacts();
      say(`Rewrote the registry facts: ${f.rows} rows (${f.seconds.toFixed(2)} s)`);
      const k = await counts.keepMonth(period);
      say(`Kept the registry counts of ${period}: ${k.rows} rows (${k.seconds.toFixed(2)} s)`);
    }
    const kept = await counts.keptDifferences(period, limit);
    for (const d of kept) say(`  kept ${d.unitCode} ${d.indicator.padEnd(24)} kept ${d.kept}  files ${d.files}`);
    const diffs = await counts.differences(null, unit, period, limit);
    for (const d of diffs) say(`  ${d.unitCode} ${d.status.padEnd(9)} ${d.indicator.padEnd(24)} report ${d.reported}  registry ${d.registry}`);
    say(`${unit}, ${period}: ${diffs.length}${diffs.length >= limit ? '+' : ''} report/registry difference(s), ${kept.length} kept-count difference(s)`);
    if (diffs.length > 0 || kept.length > 0) process.exitCode = 1;
  } finally {
    await app.close();
    await pg.stop();
  }
}
