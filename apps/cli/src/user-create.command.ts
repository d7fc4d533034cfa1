import { parseArgs } from 'node:util';
import { loadConfig, Role } from '@carenet/core';
import { AuthService } from '@carenet/auth';
import { createCliContext } from './cli.module.js';
import { prepareDatabase, say } from './services.js';

export const USER_CREATE_HELP = `npm run cli -- user:create --username U --password P --role ROLE [--role ROLE] --unit CODE

Creates a user (the first administrator, say). Roles: CLERK, APPROVER, VIEWER,
ADMIN; the unit is the root of what the user may see (e.g. 520102, or 52 for
the whole province). The password (10 to 200 characters) is stored as an
argon2 hash. The tree must be loaded first (npm run seed:divisions).`;

export async function userCreateCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { username: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', multiple: true }, unit: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) return void say(USER_CREATE_HELP);
  if (!values.username || !values.password || !values.role?.length || !values.unit) {
    throw new Error('user:create: --username, --password, --role and --unit are all needed; see --help');
  }
  const roles = values.role.map((r) => r.toUpperCase()) as Role[];
  const config = loadConfig();
  const pg = await prepareDatabase(config, { migrate: true });
  const app = await createCliContext({ ...config, databaseUrl: pg.url });
  try {
    const user = await app.get(AuthService).createUser('system', { username: values.username, password: values.password, roles, unitCode: values.unit });
    say(`Created user ${user.username} (${user.roles.join(', ')}) at unit ${user.unitCode}.`);
  } finally {
    await app.close();
    await pg.stop();
  }
}
