import { Inject, Injectable } from '@nestjs/common';
import { createHash, createSecretKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { CONFIG, Role, requireRole, requireScope, type Actor, type Config } from '@carenet/core';
import { AdminTreeService } from '@carenet/admin-tree';
import { AuthError, AuthErrorReason } from './auth.errors.js';
import { LoginThrottle } from './login-throttle.js';
import { ActorCache, type ActorChange } from './actor-cache.js';
import { MAX_PASSWORD_LENGTH, passwordProblems } from './password-policy.js';
import { hashPassword, verifyPassword } from './password-hashing.js';
import { isPossibleUsername, normaliseUsername } from './username.js';
import { UsersRepository, type UserRow } from './users.repository.js';

export const TOKEN_TTL_S = 8 * 3600;
const API_KEY_PREFIX = 'cnk_';
const ROLES = new Set<string>(Object.values(Role));

export interface LoginResult {
  token: string;
  expiresAt: Date;
  actor: Actor;
}

export interface CreatedApiKey {
  secret: string;
  id: string;
  name: string;
  unitCode: string;
}

function userActor(u: UserRow): Actor {
  return { kind: 'user', id: u.id, name: u.username, roles: u.roles, unitId: u.unitId, unitPathIds: u.unitPathIds, lineageUnitIds: u.lineageUnitIds };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Signing in, recognising a token or API key, and creating users and keys. */
@Injectable()
export class AuthService {
  /**
   * The JWT secret as a key made once: given the text, jsonwebtoken first tries it as a PEM public key
   * (which throws) on every verification, a visible share of a signed-in request's CPU.
   */
  private readonly jwtKey: KeyObject;
  /** Lookups of a token's or key's actor under way, by cache generation and credential: requests at once share one. */
  private readonly lookups = new Map<string, Promise<Actor>>();

  constructor(
    @Inject(CONFIG) config: Config,
    private readonly users: UsersRepository,
    private readonly tree: AdminTreeService,
    private readonly throttle: LoginThrottle,
    private readonly actors: ActorCache,
  ) {
    this.jwtKey = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  /**
   * Signs in. The attempt is taken from the budgets of the (normalised) name
   * and of the client address before the password is checked, so parallel
   * attempts cannot get past the limit.
   */
  async login(username: string, password: string, address = 'local'): Promise<LoginResult> {
    const name = normaliseUsername(username);
    await this.throttle.take(name, address);
    const user = isPossibleUsername(name) ? await this.users.findByUsername(name) : undefined;
    // the same answer, and about the same time, for an unknown user and a wrong password
    const plausible = password.length <= MAX_PASSWORD_LENGTH;
    const ok = user && !user.disabled && plausible ? await verifyPassword(user.passwordHash, password) : (plausible && (await hashPassword(password)), false);
    if (!user || !ok) throw new AuthError(AuthErrorReason.INVALID_CREDENTIALS, 'wrong username or password');
    await this.throttle.succeeded(name, address);
    await this.users.recordLogin(user.id);
    const expiresAt = new Date(Date.now() + TOKEN_TTL_S * 1000);
    const token = jwt.sign({ sub: String(user.id), name: user.username }, this.jwtKey, { algorithm: 'HS256', expiresIn: TOKEN_TTL_S });
    return { token, expiresAt, actor: userActor(user) };
  }

  /** The actor behind an Authorization header; undefined when there is none. */
  async authenticate(header: string | undefined): Promise<Actor | undefined> {
    if (!header) return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw new AuthError(AuthErrorReason.INVALID_TOKEN, 'Authorization must be "Bearer <token or API key>"');
    const token = match[1]!;
    const isKey = token.startsWith(API_KEY_PREFIX);
    const credential = isKey ? sha256(token).toString('base64') : token;
    const cached = this.actors.get(credential);
    if (cached) return cached;
    // the requests that miss together (an entry's time is up while 50 of them are in flight) look it up once;
    // a request arriving after a change was announced does not join a lookup that started before it
    const generation = this.actors.generation;
    const key = `${generation}\u0000${credential}`;
    let lookup = this.lookups.get(key);
    if (!lookup) {
      lookup = this.lookUpActor(token, isKey, credential, generation).finally(() => this.lookups.delete(key));
      this.lookups.set(key, lookup);
    }
    return lookup;
  }

  private async lookUpActor(token: string, isKey: boolean, credential: string, generation: number): Promise<Actor> {
    if (isKey) {
      const key = await this.users.findApiKeyBySecretHash(sha256(token));
      if (!key || key.revoked) throw new AuthError(AuthErrorReason.INVALID_TOKEN, 'this API key is not valid (revoked or unknown)');
      const actor: Actor = { kind: 'apiKey', id: key.id, name: `key:${key.name}`, roles: [Role.VIEWER], unitId: key.unitId, unitPathIds: key.unitPathIds, lineageUnitIds: key.lineageUnitIds, quotaPerMinute: key.quotaPerMinute };
      this.actors.set(credential, actor, generation);
      return actor;
    }
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.jwtKey, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    } catch (e) {
      if (e instanceof jwt.TokenExpiredError) throw new AuthError(AuthErrorReason.TOKEN_EXPIRED, 'the token has expired; log in again');
      throw new AuthError(AuthErrorReason.INVALID_TOKEN, 'the token is not valid; log in again');
    }
    const user = await this.users.findById(Number(claims.sub));
    if (!user || user.disabled) throw new AuthError(AuthErrorReason.INVALID_TOKEN, 'the token is not valid; log in again');
    const actor = userActor(user);
    this.actors.set(credential, actor, generation, typeof claims.exp === 'number' ? claims.exp * 1000 : undefined);
    return actor;
  }

  /** Drops cached actors this process knows changed (the database's notice tells the other processes). */
  forgetActor(change: ActorChange): void {
    this.actors.forget(change);
  }

  /**
   * The actor of an existing user, without a password: for trusted tools that
   * act on the command line (the simulator), never for requests.
   */
  async actorOf(username: string): Promise<Actor | undefined> {
    const name = normaliseUsername(username);
    const user = isPossibleUsername(name) ? await this.users.findByUsername(name) : undefined;
    return user && !user.disabled ? userActor(user) : undefined;
  }

  async createUser(
    actor: Actor | 'system',
    input: { username: string; password: string; roles: Role[]; unitCode: string },
  ): Promise<{ id: number; username: string; roles: Role[]; unitCode: string }> {
    if (actor !== 'system') requireRole(actor, Role.ADMIN);
    const problems: string[] = [];
    if (!isPossibleUsername(input.username)) problems.push('username: 3 to 64 letters, digits or . _ @ -');
    problems.push(...passwordProblems(input.username, input.password));
    if (input.roles.length === 0 || input.roles.some((r) => !ROLES.has(r))) problems.push(`roles: one or more of ${[...ROLES].join(', ')}`);
    if (problems.length) {
      throw new AuthError(AuthErrorReason.INVALID_USER, problems.join('; '), {
        violations: problems.map((p) => ({ rule: 'USER', field: p.split(':')[0], message: p })),
      });
    }
    const unit = await this.tree.getUnit(input.unitCode, undefined, 'unitCode');
    // an administrator grants only units of their own subtree; anything else is NOT_FOUND
    if (actor !== 'system') requireScope(actor, unit, 'ADMINISTER', 'unitCode');
    const roles = [...new Set(input.roles)];
    const id = await this.users.insert({
      username: input.username,
      passwordHash: await hashPassword(input.password),
      roles,
      unitId: unit.id,
      createdBy: actor === 'system' ? 'system' : actor.name,
    });
    if (id === undefined) throw new AuthError(AuthErrorReason.USERNAME_TAKEN, `username: '${input.username}' is taken`, { field: 'username' });
    return { id, username: input.username, roles, unitCode: unit.code };
  }

  /** A read-only key for one subtree; the secret is returned once and stored only as a hash. */
  async createApiKey(actor: Actor, input: { name: string; unitCode: string }): Promise<CreatedApiKey> {
    requireRole(actor, Role.ADMIN);
    const name = input.name.trim();
    if (name.length < 1 || name.length > 100) throw new AuthError(AuthErrorReason.INVALID_USER, 'name: 1 to 100 characters', { field: 'name' });
    const unit = await this.tree.getUnit(input.unitCode, undefined, 'unitCode');
    requireScope(actor, unit, 'ADMINISTER', 'unitCode');
    const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const id = randomUUID();
    await this.users.insertApiKey({ id, name, unitId: unit.id, secretHash: sha256(secret), createdBy: actor.name });
    return { secret, id, name, unitCode: unit.code };
  }

  async revokeApiKey(actor: Actor, id: string): Promise<boolean> {
    requireRole(actor, Role.ADMIN);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      throw new AuthError(AuthErrorReason.INVALID_USER, `id: not an API key id, got '${id.slice(0, 40)}'`, { field: 'id' });
    }
    // a key outside the administrator's subtree answers like an unknown one
    return this.users.revokeApiKey(id, actor.unitPathIds.join('.'));
  }
}
