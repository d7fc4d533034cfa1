import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DivisionImportService, readProvinces, type ImportProgress } from '@carenet/admin-tree';
import { AuthService, type LoginResult } from '@carenet/auth';
import { LOGGER, requireRole, Role, type Actor, type Logger } from '@carenet/core';
import { SetupError, SetupErrorReason } from './setup.errors.js';
import { SetupRepository } from './setup.repository.js';
import { setupProblems, type SetupInput, type SetupProvince } from './setup.rules.js';

export interface SetupState {
  /** True while no user exists: the web app opens the setup instead of the sign-in. */
  needed: boolean;
  /** The provinces that may be chosen (empty once setup is over: nothing to choose). */
  provinces: { code: string; name: string }[];
}

/**
 * The first-run setup: on an empty database, the first administrator and the
 * real tree of the chosen provinces, once only. The first province is loaded
 * before the administrator is created (their unit must exist; a few seconds);
 * the others by the worker, with progress (setupProgress).
 */
@Injectable()
export class SetupService {
  private provinces?: Promise<{ code: string; name: string }[]>;

  constructor(
    private readonly repo: SetupRepository,
    private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly divisions: DivisionImportService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private choices(): Promise<{ code: string; name: string }[]> {
    return (this.provinces ??= readProvinces());
  }

  async state(): Promise<SetupState> {
    const needed = !(await this.repo.closed());
    return { needed, provinces: needed ? await this.choices() : [] };
  }

  async setUp(input: SetupInput, address: string): Promise<LoginResult> {
    const known = new Set((await this.choices()).map((p) => p.code));
    const problems = setupProblems(input, known);
    if (problems.length) throw new SetupError(SetupErrorReason.INVALID_SETUP, problems.map((p) => p.message).join('; '), problems);
    if (await this.repo.closed()) throw closed();

    const locked = await this.repo.underLock(async () => {
      // asked again under the lock: a setup that finished while this one waited has closed it
      if (await this.repo.closed()) throw closed();
      const [first] = input.provinces;
      this.logger.info({ province: first }, 'setup: loading the first province');
      await this.divisions.importDivisions({ province: first, actor: `setup:${input.username}` });
      await this.auth.createUser('system', { username: input.username, password: input.password, roles: [Role.ADMIN], unitCode: first! });
      await this.db.transaction((m) => this.repo.record(m, input.username, input.provinces));
      this.logger.info({ username: input.username, provinces: input.provinces }, 'setup: first administrator created');
    });
    if (!locked) throw new SetupError(SetupErrorReason.SETUP_UNDER_WAY, 'a setup is under way in another window; wait for it to finish, then sign in');
    return this.auth.login(input.username, input.password, address);
  }

  /** ADMIN only: the provinces of the setup with their progress. */
  async progress(actor: Actor): Promise<SetupProvince[]> {
    requireRole(actor, Role.ADMIN);
    const names = new Map((await this.choices()).map((p) => [p.code, p.name]));
    return (await this.repo.progress()).map((p) => ({ ...p, name: names.get(p.province) ?? p.province }));
  }

  /**
   * The worker's part: loads every province still waiting, one after
   * another, writing progress as it goes. A province that fails is marked
   * FAILED with the reason and the next one goes on; a run a dead worker
   * left (LOADING) is taken again, which the import allows (it is safe to
   * run twice).
   */
  async loadRest(): Promise<number> {
    let loaded = 0;
    for (let province = await this.repo.nextToLoad(); province; province = await this.repo.nextToLoad()) {
      await this.repo.mark(province, { status: 'LOADING', phase: 'read', done: 0, total: null, error: null });
      // the import reports every 10,000 rows read and once per level inserted: each report is one row update, in order
      let writes = Promise.resolve();
      const report = (p: ImportProgress) => {
        writes = writes.then(() => this.repo.mark(province!, { phase: p.phase, done: p.done, total: p.total ?? null })).catch(() => undefined);
      };
      try {
        await this.divisions.importDivisions({ province, actor: 'setup', onProgress: report });
        await writes;
        await this.repo.mark(province, { status: 'DONE', phase: null });
        loaded++;
      } catch (e) {
        await writes;
        const message = (e as Error).message;
        this.logger.error({ province, err: message }, 'setup: a province did not load');
        await this.repo.mark(province, { status: 'FAILED', error: `${message} — load it again with: npm run seed:divisions -- --province ${province}` });
      }
    }
    return loaded;
  }
}

function closed(): SetupError {
  return new SetupError(SetupErrorReason.SETUP_CLOSED, 'setup is closed: carenet already has a user; sign in, or ask an administrator for an account');
}
