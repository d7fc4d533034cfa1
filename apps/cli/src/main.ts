import 'reflect-metadata';
import { ConfigError } from '@carenet/core';
import { LocalServiceError } from '@carenet/runtime';
import { MIGRATE_HELP, migrateCommand } from './migrate.command.js';
import { SEED_DIVISIONS_HELP, seedDivisionsCommand } from './seed-divisions.command.js';
import { START_HELP, startCommand } from './start.command.js';
import { USER_CREATE_HELP, userCreateCommand } from './user-create.command.js';
import { ROLLUP_VERIFY_HELP, rollupVerifyCommand } from './rollup-verify.command.js';
import { SIMULATE_HELP, simulateCommand } from './simulate.command.js';
import { REGISTRY_VERIFY_HELP, registryVerifyCommand } from './registry-verify.command.js';
import { REGISTRY_SIMULATE_HELP, registrySimulateCommand } from './registry-simulate.command.js';
import { DEMO_HELP, demoCommand } from './demo.command.js';
import { say } from './services.js';

interface Command {
  help: string;
  run: (argv: string[]) => Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  start: { help: START_HELP, run: () => startCommand() },
  demo: { help: DEMO_HELP, run: demoCommand },
  'db:migrate': { help: MIGRATE_HELP, run: () => migrateCommand() },
  'seed:divisions': { help: SEED_DIVISIONS_HELP, run: seedDivisionsCommand },
  'user:create': { help: USER_CREATE_HELP, run: userCreateCommand },
  'rollup:verify': { help: ROLLUP_VERIFY_HELP, run: rollupVerifyCommand },
  simulate: { help: SIMULATE_HELP, run: simulateCommand },
  'registry:verify': { help: REGISTRY_VERIFY_HELP, run: registryVerifyCommand },
  'registry:simulate': { help: REGISTRY_SIMULATE_HELP, run: registrySimulateCommand },
};

const USAGE = `carenet command line

  npm start                                  API + worker (embedded defaults when nothing is configured)
  npm run demo                               the same on a demonstration database of its own (Guizhou, 12 months, users printed)
  npm run db:migrate                         apply migrations
  npm run seed:divisions -- --province 52    load the real tree of one province (--all: all of China)
  npm run cli -- user:create --username U --password P --role ADMIN --unit 52
  npm run cli -- rollup:verify --period 2026-10 [--province 52] [--repair]
  npm run simulate -- --province 52 --period 2026-10 [--until APPROVED]
  npm run cli -- registry:verify --period 2026-10 [--unit 52] [--keep]
  npm run cli -- registry:simulate --province 52 --period 2026-10 [--per-village 55]
  npm run cli -- <command> --help            help on one command

Commands: ${Object.keys(COMMANDS).join(', ')}`;

async function main(argv: string[]) {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') return void say(USAGE);
  const command = COMMANDS[name];
  if (!command) {
    say(`Unknown command '${name}'.\n\n${USAGE}`);
    process.exit(2);
  }
  if (rest.includes('--help')) return void say(command.help);
  await command.run(rest);
}

main(process.argv.slice(2)).catch((e) => {
  if (e instanceof ConfigError || e instanceof LocalServiceError) say(e.message);
  else say(`Failed: ${(e as Error).message ?? e}`);
  if (process.env.LOG_LEVEL === 'debug') say((e as Error).stack ?? '');
  process.exit(1);
});
