/**
 * The access matrix (docs/domain.md §5): every operation of the schema — taken from
 * the running schema itself, so that a new operation is covered without being
 * remembered — asked by every role at the province, an ancestor (the city),
 * the unit itself (南明区 520102), a child (one of its townships) and a
 * sibling (520103); by an API key; and with no token, an expired token, a
 * token signed with another secret and a revoked API key. Each answer is
 * compared with the rules:
 *
 *   READ      own unit and below, for every role (a province ADMIN: the province); outside: NOT_FOUND
 *   ENTER     CLERK, own unit and below; outside: NOT_FOUND; inside without the role: FORBIDDEN
 *   APPROVE   APPROVER, strictly below the own unit (and the province itself at the province)
 *   ADMIN     ADMIN only (users, keys, their audit), within their own subtree (outside: NOT_FOUND);
 *             anyone else: FORBIDDEN, whatever the unit
 *   PROVINCE  buildProvincialReport: a provincial approver or an administrator
 *   AUTH      no unit (me, indicators, changes): any signed-in caller
 *   SELF      one's own account (changePassword): any signed-in user; an API key: FORBIDDEN
 *   PUBLIC    login, setupState
 *   CLOSED    setUp: the first-run setup, FORBIDDEN (SETUP_CLOSED) for everyone once a user exists
 *   FILES     lists of children's files (names, last four digits): users at a county, township
 *             or village, own subtree only; API keys and users above the county: FORBIDDEN (counts only)
 *   OPEN      a full file and its access log: the keepers (CLERK at a county, township or village)
 *             and the county's own ADMINs; anyone else FORBIDDEN; own subtree only
 *   EDIT      as FILES, and CLERK at a county or township
 *   EXPORT    a county's files decrypted: ADMIN whose home unit is a county, that county only
 *   CATALOGUE the catalogue and the reminder webhooks: a province's ADMINs only; anyone else FORBIDDEN
 *
 * With the right, an action may still be refused for workflow reasons
 * (CONFLICT, BAD_USER_INPUT): any answer but NOT_FOUND, FORBIDDEN,
 * UNAUTHENTICATED or an internal error counts as "let through". An API key
 * never writes; passwords and key secrets appear in no log line and in no
 * response (a key's secret only in the one response that created it).
 */
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLArgument, GraphQLField, GraphQLInputField, GraphQLNamedType, GraphQLSchema, GraphQLType } from 'graphql';
import { Role } from '@carenet/core';
import { startTestApi, type GqlResponse, type TestApi } from '../support/test-app.js';

const TIMEOUT = 180_000;

const PERIOD = '2026-10';
const TOKENFOR_PASSWORD = 'correct horse battery'; // the password test-app's tokenFor gives every user
const LOGIN_USER = 'matrix.login';
const LOGIN_PASSWORD = 'matrix login password 7Qz!';
const NEW_USER_PASSWORD = 'matrix new user password 3Kv!';
const OTHER_SECRET = 'another-secret-of-exactly-40-characters!';

let api: TestApi;
/** Every response body received, for the check that no password is in one. */
const bodies: unknown[] = [];
/** Every API key secret seen (created for the test, or returned by createApiKey during it). */
const keySecrets = new Set<string>();
/** Every bearer token handed out. */
const tokens = new Set<string>();
const outcomes: Record<string, number> = {};
let requests = 0;
let operationsCovered = 0;

// ---------------------------------------------------------------------------------------------
// The schema, read from the running app (type-only imports of graphql: the app may hold another
// copy of the module, so kinds are told apart by their tag, not by instanceof).

type Kind = 'NonNull' | 'List' | 'Object' | 'InputObject' | 'Scalar' | 'Enum' | 'Interface' | 'Union';

function kindOf(t: GraphQLType): Kind {
  return String((t as unknown as Record<symbol, unknown>)[Symbol.toStringTag]).replace(/^GraphQL/, '').replace(/Type$/, '') as Kind;
}

function named(t: GraphQLType): GraphQLNamedType {
  let x: GraphQLType = t;
  while ('ofType' in x && x.ofType) x = x.ofType as GraphQLType;
  return x as GraphQLNamedType;
}

function isLeaf(t: GraphQLType): boolean {
  const k = kindOf(named(t));
  return k === 'Scalar' || k === 'Enum';
}

/** Must be sent: non-null without a default. */
function isRequired(a: GraphQLArgument | GraphQLInputField): boolean {
  return kindOf(a.type) === 'NonNull' && a.defaultValue === undefined;
}

interface Operation {
  name: string;
  type: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
}

function operationsOf(schema: GraphQLSchema): Operation[] {
  const ops: Operation[] = [];
  for (const f of Object.values(schema.getQueryType()?.getFields() ?? {})) ops.push({ name: f.name, type: 'query', field: f });
  for (const f of Object.values(schema.getMutationType()?.getFields() ?? {})) ops.push({ name: f.name, type: 'mutation', field: f });
  return ops;
}

/** `{ __typename <every leaf field without required arguments> }`, or nothing for a leaf. */
function selectionOf(t: GraphQLType): string {
  const n = named(t);
  if (isLeaf(n)) return '';
  if (kindOf(n) !== 'Object') return '{ __typename }';
  const fields = Object.values((n as unknown as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields())
    .filter((f) => isLeaf(f.type) && !f.args.some(isRequired))
    .map((f) => f.name);
  return `{ __typename ${fields.join(' ')} }`;
}

// ---------------------------------------------------------------------------------------------
// A value for every argument and input field, by name.

interface Units {
  province: string;
  city: string;
  county: string;
  sibling: string;
  township: string;
  village: string;
}
let units: Units;

interface GenContext {
  op: string;
  units: Units;
  /** The version of the target unit's report for PERIOD now (0 when there is none). */
  version(): Promise<number>;
}

/** Optional, and deliberately left out (paging, filters, the version of a snapshot, explanations). */
const SKIP = Symbol('left out');
type Gen = ((c: GenContext) => unknown) | typeof SKIP;

let serial = 0;
/** A child's file in the target county's village, opened before the matrix runs. */
let registryChild = '';
/** Registry operations that name a file by its id: outside the subtree they answer like a file that does not exist. */
const CHILD_OPS = new Set(['childFile', 'childAccessLog', 'updateChild', 'recordVisit', 'transferChild', 'closeChildFile']);
const csv = (village: string) => Buffer.from(`unitCode,HOME_VISITS\n${village},1\n`).toString('base64');

/** Arguments that name the unit an operation acts on (its target: the county 520102). */
const UNIT_ARGS = new Set(['code', 'unitCode', 'parentCode', 'underUnit']);
/** Arguments that name a province (the target is then the province the county is in). */
const PROVINCE_ARGS = new Set(['provinceCode']);

/** Tree changes: a rename of the target county (input fields share names with other arguments). */
const TREE_OPS = new Set(['previewTreeChange', 'applyTreeChange']);
const unlessTree = (gen: (c: GenContext) => unknown) => (c: GenContext) => (TREE_OPS.has(c.op) ? SKIP : gen(c));
/** Catalogue changes: each from a month far ahead (they do change the catalogue when let through). */
const CATALOGUE_OPS = /^(addIndicator|renameIndicator|retireIndicator|setSubsidyStandard|setReportDeadline|setReminderWebhook|removeReminderWebhook|reminderWebhooks)$/;

const VALUES: Record<string, Gen> = {
  code: unlessTree((c) => c.units.county),
  unitCode: (c) => c.units.county,
  parentCode: (c) => c.units.county,
  underUnit: (c) => c.units.county,
  provinceCode: (c) => c.units.province,
  period: () => PERIOD,
  from: () => PERIOD,
  to: () => PERIOD,
  expectedVersion: (c) => c.version(),
  values: () => [],
  indicator: () => 'HOME_VISITS',
  reasonCode: () => 'OTHER',
  comment: () => 'x',
  reason: () => 'x',
  text: () => 'x',
  format: () => 'CSV',
  fileBase64: (c) => csv(c.units.village),
  mode: () => 'VALID_ROWS',
  username: (c) => (c.op === 'login' ? LOGIN_USER : `matrix.user.${++serial}`),
  password: (c) => (c.op === 'login' ? LOGIN_PASSWORD : NEW_USER_PASSWORD),
  roles: () => [Role.VIEWER],
  provinces: () => ['52'],
  name: () => `matrix key ${++serial}`,
  id: (c) => (CHILD_OPS.has(c.op) ? registryChild : randomUUID()),
  childId: () => registryChild,
  villageCode: (c) => c.units.village,
  toVillageCode: (c) => c.units.village,
  countyCode: (c) => c.units.county,
  sex: () => 'F',
  birthDate: () => '2015-03-01',
  idNumber: () => '11010519491231002X',
  effective: (c) => (TREE_OPS.has(c.op) ? PERIOD : CATALOGUE_OPS.test(c.op) ? '2030-01' : '2026-11-01'),
  visitedOn: () => '2026-11-01',
  exitedOn: () => '2026-11-01',
  exitReason: () => 'MOVED_AWAY',
  visitor: () => 'x',
  kind: (c) => (TREE_OPS.has(c.op) ? 'RENAME' : 'HOME'),
  purpose: () => 'CASE_WORK',
  asOf: SKIP,
  note: SKIP,
  notes: SKIP,
  followUp: SKIP,
  openedOn: SKIP,
  categories: SKIP,
  grade: SKIP,
  helper: SKIP,
  guardians: SKIP,
  facts: SKIP,
  newPassword: () => NEW_USER_PASSWORD,
  currentPassword: () => 'not the current password',
  quotaPerMinute: () => 100,
  search: SKIP,
  action: SKIP,
  after: SKIP,
  first: SKIP,
  since: SKIP,
  level: (c) => (CATALOGUE_OPS.test(c.op) ? 'VILLAGE' : SKIP),
  nameZh: () => '矩阵',
  nameEn: () => 'Matrix',
  unit: SKIP,
  group: SKIP,
  days: () => 5,
  url: () => 'https://example.org/matrix',
  subsidyIndicator: () => 'SUBSIDY_SCATTERED_FEN',
  headcountIndicator: SKIP,
  headcountSource: SKIP,
  monthlyFen: () => 1,
  email: () => 'matrix@example.org',
  webhookUrl: SKIP,
  nameContains: SKIP,
  status: SKIP,
  basis: SKIP,
  indicators: (c) => (c.op === 'timeSeriesSet' ? ['HOME_VISITS'] : SKIP),
  version: SKIP,
  idempotencyKey: SKIP,
  explanations: SKIP,
  previewFingerprint: () => 'stale',
  unitCodes: SKIP,
  intoCode: SKIP,
  newParentCode: SKIP,
  parts: SKIP,
  ids: () => [],
  unreadOnly: SKIP,
  before: SKIP,
};

/** A list, nullable or not. */
function isList(t: GraphQLType): boolean {
  const k = kindOf(t);
  return k === 'List' || (k === 'NonNull' && kindOf((t as { ofType: GraphQLType }).ofType) === 'List');
}

/** An input object (not a list of them) with no value of its own: built field by field. */
function isBuiltFieldByField(a: GraphQLArgument | GraphQLInputField): boolean {
  return VALUES[a.name] === undefined && kindOf(named(a.type)) === 'InputObject' && !isList(a.type);
}

function inputFields(a: GraphQLArgument | GraphQLInputField): GraphQLInputField[] {
  return Object.values((named(a.type) as unknown as { getFields(): Record<string, GraphQLInputField> }).getFields());
}

/** Arguments (and input fields) that have no value: the operation cannot be built without one. */
function missingValues(op: Operation): string[] {
  const missing: string[] = [];
  const walk = (items: readonly (GraphQLArgument | GraphQLInputField)[], path: string) => {
    for (const a of items) {
      const gen = VALUES[a.name];
      if (gen === SKIP && isRequired(a)) missing.push(`${path}${a.name}: ${String(a.type)} is required but listed as left out`);
      else if (isBuiltFieldByField(a)) walk(inputFields(a), `${path}${a.name}.`);
      else if (gen === undefined) missing.push(`${path}${a.name}: ${String(a.type)}`);
    }
  };
  walk(op.field.args, `${op.name}: `);
  return missing;
}

/** Which unit the operation acts on, from the names of its arguments and input fields. */
function targetOf(op: Operation): 'county' | 'province' | null {
  let target: 'county' | 'province' | null = null;
  const walk = (items: readonly (GraphQLArgument | GraphQLInputField)[]) => {
    for (const a of items) {
      if (PROVINCE_ARGS.has(a.name)) target = 'province';
      else if (UNIT_ARGS.has(a.name) && target === null) target = 'county';
      else if (isBuiltFieldByField(a)) walk(inputFields(a));
    }
  };
  walk(op.field.args);
  return target;
}

async function valueFor(a: GraphQLArgument | GraphQLInputField, c: GenContext): Promise<unknown> {
  const gen = VALUES[a.name];
  if (gen === SKIP) return SKIP;
  if (gen !== undefined) return gen(c);
  if (!isBuiltFieldByField(a)) throw new Error(`no value for ${a.name}: ${String(a.type)}`);
  const out: Record<string, unknown> = {};
  for (const f of inputFields(a)) {
    const v = await valueFor(f, c);
    if (v !== SKIP) out[f.name] = v;
  }
  return out;
}

async function requestFor(op: Operation): Promise<{ query: string; variables: Record<string, unknown> }> {
  const c: GenContext = { op: op.name, units, version: () => reportVersion(units.county) };
  const decls: string[] = [];
  const args: string[] = [];
  const variables: Record<string, unknown> = {};
  for (const a of op.field.args) {
    const v = await valueFor(a, c);
    if (v === SKIP) continue;
    decls.push(`$${a.name}: ${String(a.type)}`);
    args.push(`${a.name}: $${a.name}`);
    variables[a.name] = v;
  }
  const query = `${op.type} Matrix${decls.length ? `(${decls.join(', ')})` : ''} { ${op.name}${args.length ? `(${args.join(', ')})` : ''} ${selectionOf(op.field.type)} }`;
  return { query, variables };
}

async function reportVersion(code: string): Promise<number> {
  const [row] = await api.db.query(
    `SELECT r.version FROM report r JOIN admin_unit u ON u.id = r.unit_id WHERE u.code = $1 AND u.depth = 3 AND r.period = $2::date`,
    [code, `${PERIOD}-01`],
  );
  return row ? Number(row.version) : 0;
}

// ---------------------------------------------------------------------------------------------
// Who may do what (docs/domain.md §5).

type Class = 'READ' | 'AUTH' | 'SELF' | 'ENTER' | 'APPROVE' | 'ADMIN' | 'ADMINISTER' | 'PROVINCE' | 'PUBLIC' | 'CLOSED' | 'FILES' | 'OPEN' | 'EDIT' | 'EXPORT' | 'CATALOGUE';

/** Queries whose class is not READ/AUTH by their arguments: the registry's files. */
const QUERY_CLASSES: [RegExp, Class][] = [
  [/^(children|childByIdNumber)$/, 'FILES'],
  [/^(childFile|childAccessLog)$/, 'OPEN'],
  [/^setupState$/, 'PUBLIC'],
];

/** Mutations by name; a mutation not listed here fails the coverage test until it is classified. */
const MUTATION_CLASSES: [RegExp, Class][] = [
  [/^(createChild|updateChild|recordVisit|transferChild|closeChildFile|importChildren|startRegistryImport)$/, 'EDIT'],
  [/^exportChildren$/, 'EXPORT'],
  [/^startReportImport$/, 'ENTER'],
  [/^login$/, 'PUBLIC'],
  [/^setUp$/, 'CLOSED'],
  [/^(save|submit|import)[A-Z]/, 'ENTER'],
  [/^(approve|return|reopen|exempt)[A-Z]/, 'APPROVE'],
  [/^(createUser|createApiKey|revokeApiKey)$/, 'ADMIN'],
  [/^(createManagedUser|disableUser|enableUser|resetPassword|updateUser|createManagedApiKey|setApiKeyQuota)$/, 'ADMIN'],
  [/^changePassword$/, 'SELF'],
  [/^buildProvincialReport$/, 'PROVINCE'],
  [/^applyTreeChange$/, 'ADMINISTER'],
  [/^markNotificationsRead$/, 'SELF'],
  [/^(addIndicator|renameIndicator|retireIndicator|setSubsidyStandard|setReportDeadline|setReminderWebhook|removeReminderWebhook)$/, 'CATALOGUE'],
  [/^(setNotificationContact|removeNotificationContact)$/, 'ADMIN'],
];

/** Queries for administrators only (people administration and its audit). */
const ADMIN_QUERIES = /^(users|apiKeys|adminAudit|notificationContacts|setupProgress)$/;

function classOf(op: Operation): Class | undefined {
  if (TREE_OPS.has(op.name)) return 'ADMINISTER';
  if (op.type === 'query' && ADMIN_QUERIES.test(op.name)) return 'ADMIN';
  if (op.type === 'query' && op.name === 'reminderWebhooks') return 'CATALOGUE';
  if (op.type === 'query') return QUERY_CLASSES.find(([re]) => re.test(op.name))?.[1] ?? (targetOf(op) === null ? 'AUTH' : 'READ');
  return MUTATION_CLASSES.find(([re]) => re.test(op.name))?.[1];
}

interface Actor {
  label: string;
  kind: 'user' | 'apiKey';
  roles: Role[];
  /** 12-digit code of the home unit. */
  unit: string;
  token: string;
}

/** 12-digit codes from the province down to the unit, the unit last. */
const paths = new Map<string, string[]>();

type Expected = 'LET_THROUGH' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED';

function expectedFor(cls: Class, actor: Pick<Actor, 'kind' | 'roles' | 'unit'>, target: string | null): Expected {
  if (cls === 'PUBLIC' || cls === 'AUTH') return 'LET_THROUGH';
  if (cls === 'CLOSED') return 'FORBIDDEN';
  const user = actor.kind === 'user';
  if (cls === 'SELF') return user ? 'LET_THROUGH' : 'FORBIDDEN'; // one's own account (an API key has none)
  const has = (r: Role) => actor.roles.includes(r);
  if (cls === 'ADMIN') {
    if (!(user && has(Role.ADMIN))) return 'FORBIDDEN';
    return target === null || paths.get(target)!.includes(actor.unit) ? 'LET_THROUGH' : 'NOT_FOUND';
  }
  if (cls === 'CATALOGUE') return user && has(Role.ADMIN) && paths.get(actor.unit)!.length === 1 ? 'LET_THROUGH' : 'FORBIDDEN';
  if (cls === 'FILES' || cls === 'OPEN' || cls === 'EDIT' || cls === 'EXPORT') {
    const depth = user ? paths.get(actor.unit)!.length : 0;
    if (depth < 3) return 'FORBIDDEN';
    if (cls === 'OPEN' && !(has(Role.CLERK) || (has(Role.ADMIN) && depth === 3))) return 'FORBIDDEN';
    if (cls === 'EDIT' && !(has(Role.CLERK) && depth <= 4)) return 'FORBIDDEN';
    if (cls === 'EXPORT' && !(has(Role.ADMIN) && depth === 3)) return 'FORBIDDEN';
    if (target === null) return 'LET_THROUGH';
    return paths.get(target)!.includes(actor.unit) ? 'LET_THROUGH' : 'NOT_FOUND';
  }
  const path = paths.get(target!)!;
  const inSubtree = path.includes(actor.unit);
  if (!inSubtree) return 'NOT_FOUND';
  // changes to the tree: an administrator's own subtree only, and a unit strictly below their home unit
  if (cls === 'ADMINISTER') return user && has(Role.ADMIN) && target !== actor.unit ? 'LET_THROUGH' : 'FORBIDDEN';
  switch (cls) {
    case 'READ':
      return 'LET_THROUGH';
    case 'ENTER':
      return user && has(Role.CLERK) ? 'LET_THROUGH' : 'FORBIDDEN';
    case 'APPROVE': {
      const strictlyBelow = inSubtree && target !== actor.unit;
      const provinceItself = target === actor.unit && path.length === 1;
      return user && has(Role.APPROVER) && (strictlyBelow || provinceItself) ? 'LET_THROUGH' : 'FORBIDDEN';
    }
    case 'PROVINCE':
      return user && (has(Role.ADMIN) || has(Role.APPROVER)) && target === actor.unit ? 'LET_THROUGH' : 'FORBIDDEN';
  }
}

/** Answers that are a refusal of access (or a fault), never "let through". */
const REFUSALS = new Set(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'INTERNAL_SERVER_ERROR']);
/** A request this test built badly: a bug of the test, reported as a mismatch too. */
const MALFORMED = new Set(['INVALID_QUERY', 'INVALID_ARGUMENT', 'INVALID_REQUEST']);

function outcomeOf(res: GqlResponse): { code: string; reason?: string; message?: string } {
  const e = res.errors?.[0];
  if (!e) return { code: 'OK' };
  return { code: String(e.extensions?.code ?? 'NO_CODE'), reason: e.extensions?.reason, message: e.message };
}

/** Null when the answer is what the rules say; otherwise why not. */
function judge(op: Operation, expected: Expected, res: GqlResponse, expectedReason?: string): string | null {
  const got = outcomeOf(res);
  const shown = `${got.code}${got.reason ? `/${got.reason}` : ''}${got.message ? ` "${got.message}"` : ''}`;
  if (got.reason && MALFORMED.has(got.reason)) return `the test built a bad request: ${shown}`;
  if (expected === 'LET_THROUGH') {
    // an administrator let through to the lookup of a user or key the generated id does not name
    // (or of an import job: importJob names no unit, and a generated id names no job)
    if (got.code === 'NOT_FOUND' && (got.reason === 'USER_NOT_FOUND' || got.reason === 'API_KEY_NOT_FOUND' || got.reason === 'IMPORT_JOB_NOT_FOUND')) return null;
    if (REFUSALS.has(got.code) || got.code === 'NO_CODE') return `expected to be let through, got ${shown}`;
    return null;
  }
  if (got.code !== expected) return `expected ${expected}${expectedReason ? `/${expectedReason}` : ''}, got ${got.code === 'OK' ? `success ${JSON.stringify(res.data)}` : shown}`;
  if (expectedReason && got.reason !== expectedReason) return `expected ${expected}/${expectedReason}, got ${shown}`;
  const notFoundReason = CHILD_OPS.has(op.name) ? 'CHILD_NOT_FOUND' : 'UNIT_NOT_FOUND';
  if (expected === 'NOT_FOUND' && got.reason !== notFoundReason) return `expected NOT_FOUND/${notFoundReason} (as for one that does not exist), got ${shown}`;
  if (res.data && res.data[op.name] !== null && res.data[op.name] !== undefined) return `refused (${shown}) but data came back: ${JSON.stringify(res.data)}`;
  return null;
}

/** The unit an operation acts on: by its unit arguments, or the village of the registry's file. */
function targetCodeOf(op: Operation, target: 'county' | 'province' | null): string | null {
  if (target === 'province') return units.province;
  if (target === 'county') return units.county;
  if (op.name === 'exportChildren') return units.county;
  return CHILD_OPS.has(op.name) || op.name === 'createChild' ? units.village : null;
}

async function ask(op: Operation, token: string | null): Promise<GqlResponse> {
  const { query, variables } = await requestFor(op);
  const res = await api.gql(query, variables, token);
  const got = outcomeOf(res).code;
  outcomes[got] = (outcomes[got] ?? 0) + 1;
  requests++;
  const secret = (res.data as { createApiKey?: { secret?: string } } | undefined)?.createApiKey?.secret;
  if (secret) keySecrets.add(secret);
  return res;
}

async function snapshot(): Promise<string> {
  const [row] = await api.db.query(`
    SELECT (SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY id), '')) FROM report r) AS reports,
           (SELECT md5(coalesce(string_agg(v::text, '|' ORDER BY report_id, indicator), '')) FROM report_value v) AS report_values,
           (SELECT count(*) FROM report_audit) AS audit,
           (SELECT count(*) FROM app_user) AS users,
           (SELECT md5(coalesce(string_agg(k::text, '|' ORDER BY id), '')) FROM api_key k) AS keys,
           (SELECT count(*) FROM outbox) AS outbox`);
  return JSON.stringify(row);
}

// ---------------------------------------------------------------------------------------------

let operations: Operation[] = [];
let admin = '';
const POSITIONS = ['province', 'ancestor', 'unit', 'child', 'sibling'] as const;
const ROLES = [Role.CLERK, Role.APPROVER, Role.VIEWER, Role.ADMIN];
const actors: Actor[] = [];
let apiKey: Actor;
let revokedKey = '';
let expiredToken = '';
let foreignToken = '';

async function ok(query: string, variables: Record<string, unknown> = {}, token: string | null = admin): Promise<any> {
  const res = await api.gql(query, variables, token);
  if (res.errors) throw new Error(`${query.slice(0, 80)}…: ${JSON.stringify(res.errors)}`);
  return res.data;
}

async function pathOf(code: string): Promise<string[]> {
  const d = await ok(`query($c: ID!) { unit(code: $c) { code ancestors { code } } }`, { c: code });
  return [...d.unit.ancestors.map((a: { code: string }) => a.code), d.unit.code];
}

beforeAll(async () => {
  // every operation × every role and credential from one address: more than the default 600 a minute (test/e2e/limits.test.ts tests the limit)
  api = await startTestApi({ tree: 'guizhou', env: { CARENET_RATE_LIMIT_PER_MINUTE: '100000' } });
  const send = api.gql.bind(api);
  api.gql = async (query, variables, token) => {
    const res = await send(query, variables, token);
    bodies.push(res.body);
    if (res.data?.login?.token) tokens.add(res.data.login.token);
    return res;
  };
  operations = operationsOf(api.app.get(GraphQLSchemaHost).schema);
  admin = await api.tokenFor([Role.ADMIN], '52', 'matrix.oracle');

  const townships = await ok(`{ units(parentCode: "520102", first: 1) { edges { node { code children(first: 1) { edges { node { code } } } } } } }`);
  const t = townships.units.edges[0].node;
  const code = async (c: string) => (await ok(`query($c: ID!) { unit(code: $c) { code } }`, { c })).unit.code as string;
  units = {
    province: await code('52'),
    city: await code('5201'),
    county: await code('520102'),
    sibling: await code('520103'),
    township: t.code,
    village: t.children.edges[0].node.code,
  };
  for (const c of [units.province, units.city, units.county, units.sibling, units.township, units.village]) paths.set(c, await pathOf(c));

  // the user `login` is asked to sign in as
  await ok(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { username: LOGIN_USER, password: LOGIN_PASSWORD, roles: [Role.VIEWER], unitCode: units.county } });

  const home: Record<(typeof POSITIONS)[number], string> = {
    province: units.province,
    ancestor: units.city,
    unit: units.county,
    child: units.township,
    sibling: units.sibling,
  };
  for (const position of POSITIONS) {
    for (const role of ROLES) {
      const token = await api.tokenFor([role], home[position]);
      actors.push({ label: `${role}@${position}`, kind: 'user', roles: [role], unit: home[position], token });
    }
  }

  const keeper = await api.tokenFor([Role.CLERK], units.county);
  registryChild = (await ok(`mutation($i: CreateChildInput!) { createChild(input: $i) { id } }`, { i: { villageCode: units.village, name: 'matrix child', sex: 'M', birthDate: '2014-01-01' } }, keeper)).createChild.id;

  const key = await ok(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: 'matrix city key', unitCode: units.city } });
  keySecrets.add(key.createApiKey.secret);
  apiKey = { label: 'API key@ancestor', kind: 'apiKey', roles: [Role.VIEWER], unit: units.city, token: key.createApiKey.secret };

  const revoked = await ok(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id } } }`, { i: { name: 'matrix revoked key', unitCode: units.county } });
  revokedKey = revoked.createApiKey.secret;
  keySecrets.add(revokedKey);
  expect((await ok(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: revoked.createApiKey.apiKey.id })).revokeApiKey).toBe(true);

  const [{ id }] = await api.db.query(`SELECT id FROM app_user LIMIT 1`);
  expiredToken = jwt.sign({ sub: String(id), exp: Math.floor(Date.now() / 1000) - 60 }, api.config.jwtSecret, { algorithm: 'HS256' });
  foreignToken = jwt.sign({ sub: String(id) }, OTHER_SECRET, { algorithm: 'HS256', expiresIn: 600 });
  for (const a of actors) tokens.add(a.token);
  tokens.add(admin);
}, TIMEOUT);

afterAll(async () => {
  process.stdout.write(
    `access matrix: ${operationsCovered} operations covered, ${requests} requests, outcomes ${Object.entries(outcomes)
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}\n`,
  );
  await api?.close();
});

describe('the access matrix', () => {
  it('covers every operation of the schema: each is classified, and each argument has a value', () => {
    expect(operations.length).toBeGreaterThan(20);
    expect(OTHER_SECRET).toHaveLength(40);
    const unclassified = operations.filter((op) => classOf(op) === undefined).map((op) => `${op.type} ${op.name}`);
    const noValue = operations.flatMap(missingValues);
    const unitless = operations.filter((op) => ['ENTER', 'APPROVE', 'PROVINCE'].includes(classOf(op) ?? '') && targetOf(op) === null).map((op) => op.name);
    expect({ unclassified, 'arguments without a value (add them to VALUES)': noValue, 'actions naming no unit': unitless }).toEqual({
      unclassified: [],
      'arguments without a value (add them to VALUES)': [],
      'actions naming no unit': [],
    });
    operationsCovered = operations.length;
  });

  it('answers every role at the province, an ancestor, the unit, a child and a sibling as §5 says, for every operation', async () => {
    const mismatches: string[] = [];
    for (const op of operations) {
      const cls = classOf(op)!;
      const target = targetOf(op);
      const targetCode = targetCodeOf(op, target);
      for (const actor of actors) {
        const expected = expectedFor(cls, actor, targetCode);
        const res = await ask(op, actor.token);
        const why = judge(op, expected, res);
        if (why) mismatches.push(`${op.name} [${cls}] as ${actor.label}: ${why}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, TIMEOUT);

  it('lets an API key read its subtree and never mutate: every mutation FORBIDDEN (NOT_FOUND outside its subtree), nothing changes', async () => {
    const before = await snapshot();
    const mismatches: string[] = [];
    for (const op of operations) {
      const cls = classOf(op)!;
      const target = targetOf(op);
      const targetCode = targetCodeOf(op, target);
      const expected = expectedFor(cls, apiKey, targetCode);
      const res = await ask(op, apiKey.token);
      const why = judge(op, expected, res);
      if (why) mismatches.push(`${op.name} [${cls}] as ${apiKey.label}: ${why}`);
      if (op.type === 'mutation' && cls !== 'PUBLIC' && !['FORBIDDEN', 'NOT_FOUND'].includes(outcomeOf(res).code)) {
        mismatches.push(`${op.name} as ${apiKey.label}: an API key must never mutate, got ${outcomeOf(res).code} ${JSON.stringify(res.data)}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(await snapshot()).toBe(before);
  }, TIMEOUT);

  it('answers UNAUTHENTICATED with no token, an expired token, a token signed with another secret and a revoked API key, on every operation but login', async () => {
    const before = await snapshot();
    const cases: [string, string | null, string][] = [
      ['no token', null, 'MISSING_TOKEN'],
      ['an expired token', expiredToken, 'TOKEN_EXPIRED'],
      ['a token signed with another secret', foreignToken, 'INVALID_TOKEN'],
      ['a revoked API key', revokedKey, 'INVALID_TOKEN'],
    ];
    const mismatches: string[] = [];
    for (const op of operations) {
      const cls = classOf(op)!;
      for (const [label, token, reason] of cases) {
        const res = await ask(op, token);
        const why =
          cls === 'PUBLIC' ? judge(op, 'LET_THROUGH', res) : cls === 'CLOSED' ? judge(op, 'FORBIDDEN', res, 'SETUP_CLOSED') : judge(op, 'UNAUTHENTICATED', res, reason);
        if (why) mismatches.push(`${op.name} [${cls}] with ${label}: ${why}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(await snapshot()).toBe(before);
  }, TIMEOUT);

  it('writes no password and no API key secret to the logs, and sends no password in any response', async () => {
    // requests of its own that carry every password and secret (the logs and bodies also hold whatever else this file sent)
    expect((await ok(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, { u: LOGIN_USER, p: LOGIN_PASSWORD }, null)).login.token).toBeTruthy();
    await ok(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { username: 'matrix.logs.user', password: NEW_USER_PASSWORD, roles: [Role.VIEWER], unitCode: units.county } });
    await api.tokenFor([Role.VIEWER], units.county, 'matrix.logs.tokenfor');
    expect((await ok(`query($c: ID!) { unit(code: $c) { name } }`, { c: units.city }, apiKey.token)).unit.name).toBeTruthy();
    expect((await api.gql(`{ me { name } }`, {}, revokedKey)).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    const logs = JSON.stringify(api.logs);
    const passwords = [TOKENFOR_PASSWORD, LOGIN_PASSWORD, NEW_USER_PASSWORD];
    expect(keySecrets.size).toBeGreaterThanOrEqual(2);
    const leaks: string[] = [];
    for (const p of passwords) if (logs.includes(p)) leaks.push(`password "${p}" in the logs`);
    for (const s of keySecrets) if (logs.includes(s)) leaks.push(`API key secret ${s.slice(0, 8)}… in the logs`);
    for (const t of tokens) if (logs.includes(t)) leaks.push(`bearer token ${t.slice(0, 12)}… in the logs`);
    const texts = bodies.map((b) => JSON.stringify(b));
    for (const p of passwords) {
      const n = texts.filter((t) => t.includes(p)).length;
      if (n) leaks.push(`password "${p}" in ${n} response(s)`);
    }
    // a key's secret is shown once: in the response that created it, and nowhere else
    for (const s of keySecrets) {
      const n = texts.filter((t) => t.includes(s)).length;
      if (n !== 1) leaks.push(`API key secret ${s.slice(0, 8)}… in ${n} responses (expected exactly the one that created it)`);
    }
    expect(leaks).toEqual([]);
  });
});
