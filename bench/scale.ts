/**
 * npm run bench:scale — the setup past one machine (bench/scale-scenario.ts)
 * over a county of Guizhou: prints a table and writes
 * bench/results/<date>-scale.json. SCALE_READ_SECONDS sets how long the
 * dashboard is read (default 20), SCALE_CONCURRENCY the requests in flight (default 8).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScaleScenario } from './scale-scenario.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const say = (m: string) => process.stderr.write(`[bench:scale] ${m}\n`);

async function main() {
  const started = Date.now();
  const loadBefore = loadavg();
  const r = await runScaleScenario({
    size: 'county',
    readSeconds: Number(process.env.SCALE_READ_SECONDS ?? 20),
    concurrency: Number(process.env.SCALE_CONCURRENCY ?? 8),
    log: say,
  });
  const loadAfter = loadavg();
  const rows: { figure: string; value: string; target?: string; met?: boolean }[] = [
    { figure: `approval wave over ${r.root.name} (${r.root.code}): reports approved`, value: `${r.approvals} (${r.villages} villages)` },
    { figure: 'approvals through two APIs', value: `${r.approvalsPerSecond.toFixed(1)} /s` },
    { figure: 'rollups settled after the last approval', value: `${r.settleSeconds.toFixed(1)} s` },
    { figure: 'faults during the wave', value: `worker 1 SIGKILLed at approval ${r.workerKilledAt}; cluster node ${r.restartedNode} (queues' slot) restarted` },
    { figure: 'rollups differing from the independent sums', value: `${r.differences} of ${r.rollupsChecked}`, target: '0', met: r.differences === 0 },
    { figure: 'verifier differences (Guizhou)', value: String(r.verifierDifferences), target: '0', met: r.verifierDifferences === 0 },
    { figure: 'dashboard reads through two APIs', value: `${r.reads.perSecond.toFixed(1)} /s (${r.reads.requests} in ${r.reads.seconds.toFixed(1)} s, ${r.reads.errors} errors${r.reads.firstError ? `, the first: ${r.reads.firstError}` : ''})` },
    { figure: 'statistics reads answered by the replica', value: `${r.reads.servedByReplica} (replica's pg_stat_database: +${r.reads.replicaTransactions} transactions)`, target: '> 0', met: r.reads.servedByReplica > 0 && r.reads.replicaTransactions >= r.reads.servedByReplica },
    { figure: 'fallbacks to the primary while the replica was current', value: String(r.reads.fallbacks) },
    { figure: 'replica paused: total, client with the latest version', value: `${r.lagging.latestClient} (expected ${r.lagging.expected}; ${r.lagging.fallbacks} fallbacks)`, target: 'fresh', met: r.lagging.latestClient === r.lagging.expected },
    { figure: 'replica paused: total, client with no version', value: `${r.lagging.staleClient} (the replica's, older)` },
    { figure: 'replica stopped: total, client with the latest version', value: `${r.replicaDown.latestClient} (expected ${r.replicaDown.expected}; first read ${r.replicaDown.firstReadMs.toFixed(0)} ms)`, target: 'fresh', met: r.replicaDown.latestClient === r.replicaDown.expected },
    { figure: 'replica stopped: total, client with no version', value: String(r.replicaDown.noVersionClient), target: 'fresh', met: r.replicaDown.noVersionClient === r.replicaDown.expected },
  ];
  const table = ['| figure | value | target | met |', '|---|---|---|---|', ...rows.map((x) => `| ${x.figure} | ${x.value} | ${x.target ?? ''} | ${x.met === undefined ? '' : x.met ? 'yes' : 'NO'} |`)].join('\n');
  const load = `load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after`;
  process.stdout.write(`\n${table}\n\nbench:scale took ${((Date.now() - started) / 1000).toFixed(0)} s; ${load}\n`);
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const file = path.join(ROOT, 'bench/results', `${new Date().toISOString().slice(0, 10)}-scale.json`);
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: cpus().length, loadBefore, loadAfter, result: r, rows }, null, 2)}\n`);
  say(`results written to ${path.relative(ROOT, file)}`);
  if (rows.some((x) => x.met === false)) process.exitCode = 1;
}

main().catch((e) => {
  process.stderr.write(`bench:scale failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
