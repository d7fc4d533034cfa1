import { parseArgs } from 'node:util';
import { addMonths, dateToPeriod, loadConfig } from '@carenet/core';
import { RollupService } from '@carenet/rollup';
import { createCliContext } from './cli.module.js';
import { prepareDatabase, say } from './services.js';

export const ROLLUP_VERIFY_HELP = `npm run cli -- rollup:verify --period 2026-10 [--province 52] [--repair]

Recomputes every rollup of the month from the raw reports (set-based, the
whole country or one province), compares with the incrementally kept rollups
and prints every difference. With --repair, the rollups in scope are replaced
by the recompute. Exits 1 when differences were found (and not repaired).

Options:
  --period YYYY-MM   the month (default: last month)
  --province NN      one province (default: all of China)
  --repair           replace what differs
  --limit N          differences to print (default 50)`;

export async function rollupVerifyCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { period: { type: 'string' }, province: { type: 'string' }, repair: { type: 'boolean' }, limit: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) return void say(ROLLUP_VERIFY_HELP);
  const config = loadConfig();
  const pg = await prepareDatabase(config, { migrate: true });
  const app = await createCliContext({ ...config, databaseUrl: pg.url });
  try {
    const period = values.period ?? addMonths(dateToPeriod(new Date()), -1);
    say(`Verifying the rollups of ${period}${values.province ? ` for province ${values.province}` : ' for all of China'}…`);
    const r = await app.get(RollupService).verify({ period, provinceCode: values.province, repair: values.repair, limit: Number(values.limit ?? 50) });
    for (const d of r.sample) say(`  ${d.unitCode} ${d.basis.padEnd(12)} ${d.indicator.padEnd(28)} expected ${d.expected ?? '-'}  kept ${d.actual ?? '-'}`);
    if (r.differences > r.sample.length) say(`  … and ${r.differences - r.sample.length} more`);
    say(`${r.scope}, ${period}: ${r.differences} difference(s)${r.repaired ? ', repaired' : ''} (${r.seconds.toFixed(2)} s)`);
    if (r.differences > 0 && !r.repaired) process.exitCode = 1;
  } finally {
    await app.close();
    await pg.stop();
  }
}
