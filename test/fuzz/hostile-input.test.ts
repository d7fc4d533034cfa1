/**
 * Hostile input, generated: what clients we do not control may send.
 *
 * A seeded generator builds requests with values of the wrong JSON type,
 * negative, fractional, huge and non-numeric figures, unknown and wrong-level
 * indicators, malformed and future periods, malformed unit codes, oversized
 * strings and files, broken CSV and XLSX, deep and costly queries, alias and
 * batch floods, malformed bodies, odd content types and bad credentials.
 * Each request has exactly one thing wrong with it (on top of an otherwise
 * valid change of a real report, where it is a change), so every one of them
 * must be refused, and:
 *
 *   - it is refused the way the probe names: each probe says which refusal
 *     it expects (an error's code and reason, an HTTP status where the
 *     refusal comes before GraphQL, or a refusal reported in the answer's
 *     data), derived from the one thing the generator made wrong; where that
 *     thing may break one of several rules, the probe names that set;
 *   - the HTTP status is below 500 (400 and 429 are fine);
 *   - every error carries a client code (UNAUTHENTICATED, FORBIDDEN,
 *     NOT_FOUND, BAD_USER_INPUT, CONFLICT, RATE_LIMITED, UNAVAILABLE), never
 *     INTERNAL_SERVER_ERROR;
 *   - a request that is not a valid change (or question) gets an error: a
 *     negative value must not save;
 *   - the tables are exactly as before (an md5 of each, ordered by primary
 *     key, compared after every request and at the end).
 *
 * Strings holding a NUL character count as malformed input: Postgres cannot
 * store them, so they must be refused as BAD_USER_INPUT.
 *
 * Every problem is collected (with the request that caused it) and the test
 * fails once at the end, listing each distinct fault (grouped by where the
 * server failed, read from its own log line for the request, found by the
 * x-request-id the suite sends) with a request that shows it.
 *
 * FUZZ_COUNT (default 300) generated requests, after a fixed set that always
 * runs (the cases the issue names, and the faults this suite has found);
 * FUZZ_SEED replays another sequence; FUZZ_LIST (default 20) faults listed.
 * Bounded in count and in time.
 */
import request from 'supertest';
import jwt from 'jsonwebtoken';
import ExcelJS from 'exceljs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, getNullableType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261029);
const COUNT = Number(process.env.FUZZ_COUNT ?? 300);
/** Generated requests stop here even before COUNT (the test itself has 180 s; one request may take REQUEST_TIMEOUT_MS). */
const TIME_BUDGET_MS = 100_000;
const REQUEST_TIMEOUT_MS = 45_000;
const MAX_LISTED = Number(process.env.FUZZ_LIST ?? 20);
const PERIOD = '2026-10';
const CLIENT_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'RATE_LIMITED', 'UNAVAILABLE']);

/** The tables no refused request may touch, each with its primary key. */
const TABLES: Record<string, string> = {
  report: 'id',
  report_value: 'report_id, indicator',
  report_audit: 'id',
  idempotency_key: 'actor, key',
  app_user: 'id',
  api_key: 'id',
  outbox: 'id',
  approved_figure: 'unit_id, period, indicator',
  rollup_value: 'unit_id, period, basis, indicator',
  rollup_completeness: 'unit_id, period',
  provincial_report: 'id',
  overdue_notice: 'unit_id, period',
  admin_unit_change: 'id',
};

// ------------------------------------------------------------ the generator

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(private readonly next: () => number) {}
  /** lo..hi inclusive */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = Math.floor(this.next() * 256);
    return b;
  }
  text(n: number, alphabet: string): string {
    const chars = [...alphabet];
    let s = '';
    for (let i = 0; i < n; i++) s += this.pick(chars);
    return s;
  }
}

/** An enum value: printed bare in a GraphQL literal, as a string in JSON variables. */
class Enum {
  constructor(readonly name: string) {}
  toJSON(): string {
    return this.name;
  }
}
const E = (name: string) => new Enum(name);

/** A value as a GraphQL input literal (inline arguments exercise parseLiteral rather than parseValue). */
function lit(v: unknown): string {
  if (v instanceof Enum) return v.name;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(lit).join(', ')}]`;
  return `{ ${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}: ${lit(x)}`)
    .join(', ')} }`;
}

/** A short description of a value for the report. */
function show(v: unknown): string {
  if (typeof v === 'string' && v.length > 40) return `${JSON.stringify(v.slice(0, 12))}… (${v.length} chars)`;
  if (Buffer.isBuffer(v)) return `<${v.length} bytes>`;
  const s = v === undefined ? 'undefined' : (JSON.stringify(v) ?? String(v));
  return s.length > 70 ? `${s.slice(0, 67)}…` : s;
}

const b64 = (x: string | Buffer) => Buffer.from(x).toString('base64');
const cursor = (keys: unknown[]) => Buffer.from(JSON.stringify(keys)).toString('base64url');
const KB = 1024;
const MB = 1024 * KB;

// ------------------------------------------------------------ probes

type Send =
  | { kind: 'gql'; query: string; variables?: unknown; auth: string | null; headers?: Record<string, string> }
  /** Any JSON value as the body: batches, bodies of the wrong shape. */
  | { kind: 'json'; body: unknown; auth: string | null }
  | { kind: 'raw'; body: string | Buffer; contentType: string; auth: string | null; path?: string }
  | { kind: 'get'; path: string; auth: string | null; headers?: Record<string, string> };

type Code = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'RATE_LIMITED' | 'UNAVAILABLE';

/**
 * How a request is refused: an error with this code (and reason, when given);
 * an HTTP status with no GraphQL error in the body (the body parser, the HTTP
 * server); or an answer whose data reports the refusal (an import where every
 * row failed), recognised by `test`.
 */
type Refusal = { code: Code; reason?: string } | { http: number } | { data: string; test: (body: any) => boolean };

/** The refusals a probe may get (any one of them), or ANY_ANSWER: an answer or a client error, never a fault. */
type Expect = Refusal | Refusal[] | 'ANY_ANSWER';

interface Probe {
  category: string;
  /** The kind of hostility: failures are grouped by it. */
  what: string;
  /** The concrete value. */
  detail: string;
  send: Send;
  /** How it must be refused. */
  expect: Expect;
}

const bad = (reason: string): Refusal => ({ code: 'BAD_USER_INPUT', reason });
const R = {
  INVALID_QUERY: bad('INVALID_QUERY'),
  INVALID_ARGUMENT: bad('INVALID_ARGUMENT'),
  INVALID_REQUEST: bad('INVALID_REQUEST'),
  INVALID_CHARACTER: bad('INVALID_CHARACTER'),
  INVALID_PERIOD: bad('INVALID_PERIOD'),
  INVALID_RANGE: bad('INVALID_RANGE'),
  INVALID_UNIT_CODE: bad('INVALID_UNIT_CODE'),
  INVALID_PAGE: bad('INVALID_PAGE'),
  INVALID_CURSOR: bad('INVALID_CURSOR'),
  INVALID_INPUT: bad('INVALID_INPUT'),
  INVALID_USER: bad('INVALID_USER'),
  INVALID_ID: bad('INVALID_ID'),
  INVALID_FILE: bad('INVALID_FILE'),
  INVALID_BASIS: bad('INVALID_BASIS'),
  FUTURE_PERIOD: bad('FUTURE_PERIOD'),
  NOT_A_PROVINCE: bad('NOT_A_PROVINCE'),
  VALIDATION_FAILED: bad('VALIDATION_FAILED'),
  IMPORT_FAILED: bad('IMPORT_FAILED'),
  UNKNOWN_INDICATOR: bad('UNKNOWN_INDICATOR'),
  QUERY_TOO_DEEP: bad('QUERY_TOO_DEEP'),
  QUERY_TOO_COSTLY: bad('QUERY_TOO_COSTLY'),
  TOO_MANY_ALIASES: bad('TOO_MANY_ALIASES'),
  TOO_MANY_OPERATIONS: bad('TOO_MANY_OPERATIONS'),
  INVALID_TRANSITION: { code: 'CONFLICT', reason: 'INVALID_TRANSITION' } as Refusal,
  UNIT_NOT_FOUND: { code: 'NOT_FOUND', reason: 'UNIT_NOT_FOUND' } as Refusal,
  REPORT_NOT_FOUND: { code: 'NOT_FOUND', reason: 'REPORT_NOT_FOUND' } as Refusal,
  VERSION_MISMATCH: { code: 'CONFLICT', reason: 'VERSION_MISMATCH' } as Refusal,
  USERNAME_TAKEN: { code: 'CONFLICT', reason: 'USERNAME_TAKEN' } as Refusal,
  NOT_ALLOWED: { code: 'FORBIDDEN', reason: 'NOT_ALLOWED' } as Refusal,
  MISSING_TOKEN: { code: 'UNAUTHENTICATED', reason: 'MISSING_TOKEN' } as Refusal,
  INVALID_TOKEN: { code: 'UNAUTHENTICATED', reason: 'INVALID_TOKEN' } as Refusal,
  TOKEN_EXPIRED: { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' } as Refusal,
  INVALID_CREDENTIALS: { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' } as Refusal,
  TOO_MANY_FAILED_LOGINS: { code: 'RATE_LIMITED', reason: 'TOO_MANY_FAILED_LOGINS' } as Refusal,
  /** The body parser or the HTTP server refused the request before GraphQL saw it. */
  HTTP_400: { http: 400 } as Refusal,
  /** An import answered with every row failed and none saved. */
  EVERY_ROW_FAILED: { data: 'every row failed, none saved', test: (b: any) => ((r) => !!r && r.saved === 0 && (r.failed > 0 || r.fileProblems.length > 0))(b?.data?.importReports) } as Refusal,
  /** revokeApiKey answered false: no such key. */
  NOT_REVOKED: { data: 'revokeApiKey: false', test: (b: any) => b?.data?.revokeApiKey === false } as Refusal,
};

/**
 * A value GraphQL cannot coerce to the declared type: refused in validation
 * when written inline (INVALID_QUERY), in variable coercion when passed as a
 * variable (INVALID_ARGUMENT).
 */
const typeError = (inline: boolean): Refusal => (inline ? R.INVALID_QUERY : R.INVALID_ARGUMENT);

const SCALAR_PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * A bad month for a Period! argument. The Period scalar refuses what is not
 * YYYY-MM with INVALID_PERIOD when the month is written inline; as a variable
 * the same refusal arrives as INVALID_ARGUMENT (GraphQL's variable coercion
 * keeps the message, not the reason). A month the scalar accepts but the
 * services do not (before 1900) is INVALID_PERIOD either way; a month that
 * has not ended is FUTURE_PERIOD where a change is asked for.
 */
function periodRefusal(p: unknown, inline: boolean, futureRefusal: Refusal = R.FUTURE_PERIOD): Refusal {
  if (typeof p === 'string' && FUTURE_PERIODS.includes(p)) return futureRefusal;
  if (typeof p === 'string' && p.includes('\u0000')) return R.INVALID_CHARACTER;
  if (typeof p === 'string' && SCALAR_PERIOD.test(p)) return R.INVALID_PERIOD;
  if (p === null) return typeError(inline);
  return inline ? R.INVALID_PERIOD : R.INVALID_ARGUMENT;
}

/**
 * A bad code for an ID! argument: NUL refused before anything runs; a value
 * that is not an ID (a fraction, a boolean, an object, null) a type error; a
 * string (or integer) that is not 2, 4, 6, 9 or 12 digits once trimmed
 * INVALID_UNIT_CODE; a well-formed code that names no unit, or one out of
 * the actor's scope, UNIT_NOT_FOUND.
 */
function unitRefusal(c: unknown, inline: boolean): Refusal {
  if (typeof c === 'string' && c.includes('\u0000')) return R.INVALID_CHARACTER;
  if (typeof c !== 'string' && !(typeof c === 'number' && Number.isInteger(c))) return typeError(inline);
  const s = String(c).trim();
  return /^\d+$/.test(s) && [2, 4, 6, 9, 12].includes(s.length) ? R.UNIT_NOT_FOUND : R.INVALID_UNIT_CODE;
}

/** A bad expectedVersion (Int!): not a 32-bit integer is a type error, a negative one INVALID_INPUT, any other the wrong version. */
function versionRefusal(v: unknown, inline: boolean): Refusal {
  if (typeof v !== 'number' || !Number.isInteger(v) || v >= 2 ** 31 || v < -(2 ** 31)) return typeError(inline);
  return v < 0 ? R.INVALID_INPUT : R.VERSION_MISMATCH;
}

/** A free text (String!) that is too long or blank: INVALID_INPUT; not a string at all: a type error. */
function textRefusal(t: unknown, inline: boolean): Refusal {
  if (typeof t === 'string' && t.includes('\u0000')) return R.INVALID_CHARACTER;
  return typeof t === 'string' ? R.INVALID_INPUT : typeError(inline);
}

function refusalText(r: Refusal): string {
  if ('http' in r) return `HTTP ${r.http}`;
  if ('data' in r) return r.data;
  return r.reason ? `${r.code}/${r.reason}` : r.code;
}

interface Outcome {
  status: number;
  codes: string[];
  /** Each error's code and reason (GraphQL's extensions, or a download's refusal). */
  errors: { code: string; reason?: string }[];
  /** Operations (one, or each of a batch) answered without any error. */
  answeredWithoutError: number;
  message: string;
  ms: number;
  body: any;
}

interface Failure {
  probe: Probe;
  /** What is wrong with the answer: "HTTP 500, INTERNAL_SERVER_ERROR", "accepted", "tables changed". */
  problem: string;
  /** Where the server failed, from its own log line for the request (or the answer's message): failures are grouped by it. */
  cause: string;
  outcome?: Outcome;
  requestId: string;
}

// ------------------------------------------------------------ the suite

let api: TestApi;
/** Authorization header values. */
const T = { clerk: '', approver: '', admin: '', viewer: '', otherClerk: '', apiKey: '', expired: '', foreign: '' };
let apiKeyId = '';
let village = ''; // 12-digit code of a village under 520102, with a DRAFT report of PERIOD at version 1
let township = ''; // its township (9 digits)
let otherVillage = ''; // a village under 520103 (out of the clerk's scope)
const VALUES = () => [
  { indicator: 'LEFT_BEHIND_CHILDREN', value: 4 } as Record<string, unknown>,
  { indicator: 'RISK_RED', value: 1 } as Record<string, unknown>,
  { indicator: 'HOME_VISITS', value: 2 } as Record<string, unknown>,
];
const XLSX: Record<string, Buffer> = {};

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou', env: { CARENET_RATE_LIMIT_PER_MINUTE: '100000' } });
  const bearer = (t: string) => `Bearer ${t}`;
  T.clerk = bearer(await api.tokenFor([Role.CLERK], '520102', 'fuzz-clerk'));
  T.approver = bearer(await api.tokenFor([Role.APPROVER], '520102', 'fuzz-approver'));
  T.admin = bearer(await api.tokenFor([Role.ADMIN], '52', 'fuzz-admin'));
  T.viewer = bearer(await api.tokenFor([Role.VIEWER], '520102', 'fuzz-viewer'));
  T.otherClerk = bearer(await api.tokenFor([Role.CLERK], '520103', 'fuzz-other-clerk'));
  const clerkClaims = jwt.decode(T.clerk.slice(7)) as jwt.JwtPayload;
  T.expired = bearer(jwt.sign({ sub: clerkClaims.sub, name: clerkClaims.name, exp: Math.floor(Date.now() / 1000) - 60 }, api.config.jwtSecret, { algorithm: 'HS256' }));
  T.foreign = bearer(jwt.sign({ sub: clerkClaims.sub, name: clerkClaims.name }, 'another deployment, another secret, 40 chars', { algorithm: 'HS256', expiresIn: 600 }));

  const key = await api.gql(`mutation { createApiKey(input: { name: "fuzz", unitCode: "520102" }) { secret apiKey { id } } }`, {}, T.admin.slice(7));
  expect(key.errors).toBeUndefined();
  T.apiKey = bearer(key.data.createApiKey.secret);
  apiKeyId = key.data.createApiKey.apiKey.id;

  const list = await api.gql(`{ units(parentCode: "520102", first: 1) { edges { node { children(first: 1) { edges { node { code } } } } } } }`, {}, T.admin.slice(7));
  village = list.data.units.edges[0].node.children.edges[0].node.code;
  township = village.slice(0, 9);
  const other = await api.gql(`{ units(parentCode: "520103", first: 1) { edges { node { children(first: 1) { edges { node { code } } } } } } }`, {}, T.admin.slice(7));
  otherVillage = other.data.units.edges[0].node.children.edges[0].node.code;

  const saved = await api.gql(
    `mutation($i: SaveReportInput!) { saveReport(input: $i) { version status } }`,
    { i: { unitCode: village, period: PERIOD, values: VALUES(), expectedVersion: 0 } },
    T.clerk.slice(7),
  );
  expect(saved.errors).toBeUndefined();
  expect(saved.data.saveReport).toEqual({ version: 1, status: 'DRAFT' });

  // broken workbooks: every row fails (row 2 in three ways, the rest repeat its unit or name none)
  const sheetOf = async (rows: unknown[][], firstRow = 1): Promise<Buffer> => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('填报');
    rows.forEach((r, i) => {
      sheet.getRow(firstRow + i).values = r as ExcelJS.CellValue[];
    });
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const header = ['unitCode', 'unitName', 'LEFT_BEHIND_CHILDREN', 'RISK_RED', 'HOME_VISITS'];
  XLSX.badCells = await sheetOf([
    header,
    [village, 'v', -1, 'abc', 1.5],
    [village, 'v', 1e20, 0, 0],
    [village, 'v', new Date(Date.UTC(2026, 9, 1)), 0, 0],
    [village, 'v', { formula: 'C2+1' }, 0, 0],
    [village, 'v', true, 0, 0],
    [village, 'v', 5, 10, 0],
    [Number(village), 'v', 2, 0, 0],
    ['5.20102E+11', 'v', 1, 0, 0],
    [township, 't', 1, 0, 0],
    ['abc', 'x', 1, 0, 0],
  ]);
  XLSX.headerNotFirst = await sheetOf([header, [village, 'v', -1, 0, 0]], 2);
  XLSX.unknownHeader = await sheetOf([['unitCode', 'NOT_AN_INDICATOR', 'LEFT_BEHIND_CHILDREN', 'LEFT_BEHIND_CHILDREN'], [village, 1, 1, 1]]);
  XLSX.noCodeHeader = await sheetOf([['code', 'LEFT_BEHIND_CHILDREN'], [village, 1]]);
  XLSX.empty = await sheetOf([]);
  XLSX.validRow = await sheetOf([['unitCode', 'LEFT_BEHIND_CHILDREN'], [village, 4]]); // sent only by actors who may not enter it
}, 60_000);

afterAll(async () => {
  await api?.close();
});

// ------------------------------------------------------------ hostile values

const NEGATIVE = [-1, -7, -(2 ** 31), -Number.MAX_SAFE_INTEGER, -0.5];
const FRACTIONAL = [1.5, 0.1, 4.000001, 1e-7, 99.99];
const HUGE = [1e20, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e308, 10_000_001, 2 ** 31, 1e21];
const NON_NUMERIC: unknown[] = ['5', '', 'NaN', 'Infinity', '-Infinity', '1e3', '0x10', '７', ' 7', true, false, {}, { value: 1 }, [], [5], null];
const UNKNOWN_INDICATORS = [
  'NOPE',
  '',
  ' ',
  'left_behind_children',
  'LEFT_BEHIND_CHILDREN ',
  'x'.repeat(10_000),
  "LEFT_BEHIND_CHILDREN'; DROP TABLE report; --",
  '__proto__',
  'constructor',
  'ＬＥＦＴ_BEHIND_CHILDREN',
  'LEFT\u0000BEHIND',
];
const WRONG_LEVEL = ['MANDATORY_REPORTS', 'CHILD_SUPERVISORS', 'WELFARE_BEDS', 'SUBSIDY_SCATTERED_FEN', 'TEMPORARY_GUARDIANSHIP'];
const VILLAGE_INDICATORS = ['LEFT_BEHIND_CHILDREN', 'CHILDREN_IN_DIFFICULTY', 'ORPHANS_SCATTERED', 'DEFACTO_UNSUPPORTED', 'RISK_RED', 'RISK_ORANGE', 'RISK_YELLOW', 'RISK_GREEN', 'HOME_VISITS', 'GUARDIANSHIP_AGREEMENTS', 'CHILD_HOMES', 'CHILD_DIRECTORS'];

/** Months that are not months (refused by every operation that takes one). */
const MALFORMED_PERIODS: unknown[] = [
  '2026-13',
  '26-10',
  '2026-1',
  '',
  'x'.repeat(10_000),
  '0000-01',
  '1899-12',
  '2026-00',
  '2026-10-01',
  '２０２６-１０',
  '2026/10',
  ' 2026-10',
  '2026-10\n',
  '2026-1O',
  "2026-10' OR '1'='1",
  null,
  202610,
  true,
  {},
];
function chinaMonth(offset: number): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  const i = d.getUTCFullYear() * 12 + d.getUTCMonth() + offset;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
/** Months that have not ended: refused for changes (reads may ask about them). */
const FUTURE_PERIODS = ['2099-01', '9999-12', chinaMonth(0), chinaMonth(1)];
const BAD_PERIODS = [...MALFORMED_PERIODS, ...FUTURE_PERIODS];

/** Codes that name no unit at all. */
const BAD_CODES: unknown[] = [
  '5',
  'abc',
  '52'.repeat(100),
  '',
  '５２',
  "52' OR '1'='1",
  "520102001001' OR '1'='1",
  '-52',
  '52.0',
  '5e1',
  '   ',
  '000000000000',
  '999999999999',
  '52\u0000',
  '52010200100１',
  '1234567',
  '5201020010011',
  '0x34',
  '52;DROP TABLE report',
  null,
  5,
  5.5,
  true,
  {},
  [],
];
/** Codes of real units the clerk at 520102 may not see. */
const outOfScope = () => ['52', '5201', '520103', otherVillage];

const LONG = 'z'.repeat(100 * KB);
const BAD_TEXTS: unknown[] = [LONG, 'z'.repeat(2001), '', '   ', '\n\t ', null, 5, {}];

const TOKENS_BAD = () => [
  { name: 'no token', auth: null, refusal: R.MISSING_TOKEN },
  { name: 'garbage bearer', auth: 'Bearer garbage', refusal: R.INVALID_TOKEN },
  { name: 'basic auth', auth: 'Basic ZnV6ejpmdXp6', refusal: R.INVALID_TOKEN },
  { name: 'bearer without token', auth: 'Bearer', refusal: R.INVALID_TOKEN },
  { name: 'two tokens', auth: `${T.clerk} ${T.clerk.slice(7)}`, refusal: R.INVALID_TOKEN },
  { name: 'tampered signature', auth: T.clerk.slice(0, -2) + (T.clerk.endsWith('AA') ? 'BB' : 'AA'), refusal: R.INVALID_TOKEN },
  { name: 'alg none', auth: `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${T.clerk.split('.')[1]}.`, refusal: R.INVALID_TOKEN },
  { name: 'expired token', auth: T.expired, refusal: R.TOKEN_EXPIRED },
  { name: 'another secret', auth: T.foreign, refusal: R.INVALID_TOKEN },
  { name: 'unknown API key', auth: 'Bearer cnk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', refusal: R.INVALID_TOKEN },
  { name: 'long bearer', auth: `Bearer ${'x'.repeat(10_000)}`, refusal: R.INVALID_TOKEN },
];

/**
 * Who may not do what they ask: a bad credential is refused as such; the
 * clerk of 520103 cannot see 520102's units (UNIT_NOT_FOUND, scope hides
 * them); anyone else with a valid credential lacks the role (NOT_ALLOWED).
 */
function actorRefusal(auth: string | null): Refusal {
  const token = TOKENS_BAD().find((t) => t.auth === auth);
  if (token) return token.refusal;
  return auth === T.otherClerk ? R.UNIT_NOT_FOUND : R.NOT_ALLOWED;
}

// ------------------------------------------------------------ probe builders

const SAVE_SELECTION = '{ version status values { indicator value } }';

/** What a probe expects, given whether its input was written inline or passed as a variable. */
type ExpectOf = Expect | ((inline: boolean) => Expect);

function mutation(g: Gen, category: string, what: string, detail: string, field: string, inputType: string, input: unknown, selection: string, auth: string | null, expect: ExpectOf): Probe {
  const inline = g.chance(0.35);
  const send: Send = inline
    ? { kind: 'gql', query: `mutation { ${field}(input: ${lit(input)}) ${selection} }`, auth }
    : { kind: 'gql', query: `mutation($i: ${inputType}!) { ${field}(input: $i) ${selection} }`, variables: { i: input }, auth };
  return { category, what: `${what}${inline ? '' : ' (variables)'}`, detail, send, expect: typeof expect === 'function' ? expect(inline) : expect };
}

function save(g: Gen, what: string, detail: string, over: Record<string, unknown>, expect: ExpectOf, auth: string | null = T.clerk): Probe {
  const input = { unitCode: village, period: PERIOD, values: VALUES(), expectedVersion: 1, ...over };
  return mutation(g, 'saveReport', what, detail, 'saveReport', 'SaveReportInput', input, SAVE_SELECTION, auth, expect);
}

/** A question with its arguments as variables (`inline` false) or written in the document (`inline` true, for the refusals). */
function query(category: string, what: string, detail: string, q: string, variables: unknown, auth: string | null, expect: Expect): Probe {
  return { category, what, detail, send: { kind: 'gql', query: q, variables, auth }, expect };
}

function importProbe(g: Gen, what: string, detail: string, over: Record<string, unknown>, expect: ExpectOf, auth: string | null = T.clerk): Probe {
  const input = { parentCode: '520102', period: PERIOD, format: E('CSV'), mode: E(g.pick(['ALL_OR_NOTHING', 'VALID_ROWS'])), fileBase64: b64(badCsv(g)), ...over };
  return mutation(g, 'importReports', what, detail, 'importReports', 'ImportReportsInput', input, '{ saved failed fileProblems rows { row outcome problems } }', auth, expect);
}

const CSV_BAD_CELLS = ['-1', '1.5', 'abc', '1e20', 'NaN', '99999999999999999999', '9007199254740993', '=1+1', '0x10', '+5', '-0', '٣', '１', '"1,000"', '"=HYPERLINK(""x"")"'];

/** A CSV for the village whose every row fails (row 2 in every column; later rows repeat it or name no unit). */
function badCsv(g: Gen): string {
  const lines = ['unitCode,LEFT_BEHIND_CHILDREN,RISK_RED,HOME_VISITS', `${village},${g.pick(CSV_BAD_CELLS)},${g.pick(CSV_BAD_CELLS)},${g.pick(CSV_BAD_CELLS)}`];
  for (let i = g.int(0, 3); i > 0; i--) lines.push(g.pick([`${village},1,0,0`, `abc,1,0,0`, `${township},1,0,0`, `5.20102E+11,1,0,0`, `${otherVillage},1,0,0`]));
  return lines.join(g.pick(['\n', '\r\n'])) + '\n';
}

// ------------------------------------------------------------ generators

type Make = (g: Gen) => Probe;

const saveValues: Make = (g) => {
  const values = VALUES();
  const at = g.int(0, values.length - 1);
  const kind = g.pick(['wrong JSON type', 'negative', 'fractional', 'huge', 'unknown indicator', 'indicator of another level', 'indicator listed twice', 'risk grades above headcount (E3)', 'malformed entry', 'malformed list', 'flood of entries']);
  let detail = '';
  let list: unknown = values;
  // the catalogue's rules (E1 non-negative, E2 known indicator of this level, E3 grades within headcount, no repeats) refuse as VALIDATION_FAILED
  let expect: ExpectOf = R.VALIDATION_FAILED;
  switch (kind) {
    case 'wrong JSON type':
    case 'negative':
    case 'fractional':
    case 'huge': {
      const v = g.pick<unknown>(kind === 'wrong JSON type' ? NON_NUMERIC : kind === 'negative' ? NEGATIVE : kind === 'fractional' ? FRACTIONAL : HUGE);
      values[at]!.value = v;
      detail = `${values[at]!.indicator}: ${show(v)}`;
      // a value is a SafeInt: what is not one never reaches the rules
      if (!Number.isSafeInteger(v)) expect = typeError;
      break;
    }
    case 'unknown indicator': {
      const code = g.pick(UNKNOWN_INDICATORS);
      values.splice(at, 0, { indicator: code, value: 1 });
      detail = show(code);
      if (code.includes('\u0000')) expect = R.INVALID_CHARACTER;
      break;
    }
    case 'indicator of another level': {
      const code = g.pick(WRONG_LEVEL);
      values.push({ indicator: code, value: g.int(0, 9) });
      detail = code;
      break;
    }
    case 'indicator listed twice':
      values.push({ indicator: values[at]!.indicator, value: (values[at]!.value as number) + g.int(0, 2) });
      detail = String(values[at]!.indicator);
      break;
    case 'risk grades above headcount (E3)': {
      const red = g.int(2, 50);
      list = [{ indicator: 'LEFT_BEHIND_CHILDREN', value: 1 }, { indicator: g.pick(['RISK_RED', 'RISK_ORANGE', 'RISK_YELLOW', 'RISK_GREEN']), value: red }];
      detail = `1 child, ${red} graded`;
      break;
    }
    case 'malformed entry': {
      const entry = g.pick<unknown>([
        null,
        'LEFT_BEHIND_CHILDREN',
        5,
        { indicator: 'CHILD_HOMES' },
        { value: 1 },
        { indicator: 'CHILD_HOMES', value: 1, extra: 1 },
        { indicator: null, value: 1 },
        { indicator: 5, value: 1 },
        { Indicator: 'CHILD_HOMES', value: 1 },
      ]);
      values.splice(at, 0, entry as Record<string, unknown>);
      detail = show(entry);
      expect = typeError; // not a SaveValueInput
      break;
    }
    case 'malformed list':
      list = g.pick<unknown>([null, 'LEFT_BEHIND_CHILDREN', 5, {}, [[]], 'x'.repeat(1000)]);
      detail = show(list);
      expect = typeError; // not a [SaveValueInput!]!
      break;
    case 'flood of entries': {
      const n = g.int(1000, 10_000);
      list = Array.from({ length: n }, (_, i) => ({ indicator: VILLAGE_INDICATORS[i % VILLAGE_INDICATORS.length], value: 1 }));
      detail = `${n} entries`;
      expect = R.INVALID_INPUT; // more entries than the catalogue has indicators
      break;
    }
  }
  return save(g, `value: ${kind}`, detail, { values: list }, expect);
};

const savePeriod: Make = (g) => {
  const p = g.pick(BAD_PERIODS);
  return save(g, FUTURE_PERIODS.includes(p as string) ? 'period: not ended' : 'period: malformed', show(p), { period: p }, (inline) => periodRefusal(p, inline));
};

const saveUnit: Make = (g) => {
  const pool = g.chance(0.7) ? BAD_CODES : [...outOfScope(), township, '520102', '52010200'];
  const code = g.pick(pool);
  const what = BAD_CODES.includes(code) ? 'unitCode: malformed or unknown' : 'unitCode: out of scope or of another level';
  // the clerk's own county and township are in scope, and have no report at version 1
  const expect: ExpectOf = code === township || code === '520102' ? R.VERSION_MISMATCH : (inline) => unitRefusal(code, inline);
  return save(g, what, show(code), { unitCode: code }, expect);
};

const saveVersion: Make = (g) => {
  const v = g.pick<unknown>([-1, -(2 ** 31), 2 ** 31, 2 ** 40, 1.5, '1', null, 0, 2, 999, true, 1e20, [1]]);
  return save(g, 'expectedVersion: wrong', show(v), { expectedVersion: v }, (inline) => versionRefusal(v, inline));
};

const saveIdempotency: Make = (g) => {
  const k = g.pick<unknown>(['x'.repeat(1000), 'x'.repeat(201), '', 5, {}, ['k']]);
  if (g.chance(0.25)) return save(g, 'idempotencyKey: NUL character (and a stale version)', 'key\\u0000', { idempotencyKey: `key\u0000${g.int(0, 1e6)}`, expectedVersion: 7 }, R.INVALID_CHARACTER);
  // a key is 1–200 characters
  return save(g, 'idempotencyKey: malformed', show(k), { idempotencyKey: k }, (inline) => textRefusal(k, inline));
};

const saveActor: Make = (g) => {
  const actors = [
    ...TOKENS_BAD(),
    { name: 'viewer', auth: T.viewer },
    { name: 'approver', auth: T.approver },
    { name: 'admin (no CLERK role)', auth: T.admin },
    { name: 'API key', auth: T.apiKey },
    { name: 'clerk of another county', auth: T.otherClerk },
  ];
  const a = g.pick(actors);
  return save(g, `actor: ${a.name}`, a.name, {}, actorRefusal(a.auth), a.auth);
};

const workflow: Make = (g) => {
  const action = g.pick(['submitReport', 'approveReport', 'returnReport', 'reopenReport', 'exemptReport'] as const);
  const type = `${action[0]!.toUpperCase()}${action.slice(1, -6)}ReportInput`;
  const bad = g.pick(['text', 'unit', 'period', 'version', 'actor'] as const);
  const base: Record<string, unknown> = { unitCode: village, period: PERIOD };
  let auth: string | null = action === 'submitReport' ? T.clerk : T.approver;
  if (action === 'submitReport' || action === 'approveReport' || action === 'returnReport') base.expectedVersion = 1;
  if (action === 'returnReport') Object.assign(base, { reasonCode: E('WRONG_FIGURES'), comment: 'figures do not add up' });
  if (action === 'reopenReport' || action === 'exemptReport') base.reason = 'no children live in the village this month';
  let what = '';
  let detail = '';
  let expect: ExpectOf;
  if (bad === 'text') {
    if (action === 'submitReport') {
      const text = g.pick(BAD_TEXTS.slice(0, 5));
      const n = g.chance(0.2) ? 1000 : 1;
      base.explanations = Array.from({ length: n }, () => ({ rule: 'W2', indicator: 'LEFT_BEHIND_CHILDREN', text }));
      [what, detail] = ['explanation text', `${n} × ${show(text)}`];
      expect = R.INVALID_INPUT; // every one of BAD_TEXTS[0..4] is a string too long or blank
    } else if (action === 'returnReport' && g.chance(0.4)) {
      const code = g.pick<unknown>([E('REOPENED'), E('NOPE'), 'WRONG_FIGURES', E('wrong_figures'), null]);
      base.reasonCode = code;
      [what, detail] = ['reasonCode', show(code)];
      // none is a ReturnReason an approver may give, except the string "WRONG_FIGURES" as a variable (JSON has no enums): then the report, a DRAFT, cannot be returned
      expect = (inline) => (code === 'WRONG_FIGURES' && !inline ? R.INVALID_TRANSITION : typeError(inline));
    } else if (action === 'exemptReport' && g.chance(0.3)) {
      base.reason = `excused\u0000${g.int(0, 1000)}`;
      [what, detail] = ['reason with a NUL character', 'excused\\u0000…'];
      expect = R.INVALID_CHARACTER;
    } else {
      const text = g.pick(BAD_TEXTS);
      base[action === 'returnReport' ? 'comment' : action === 'approveReport' ? 'comment' : 'reason'] = text;
      [what, detail] = [action === 'approveReport' ? 'unknown field' : 'comment/reason', show(text)];
      expect = action === 'approveReport' ? typeError : (inline) => textRefusal(text, inline);
    }
  } else if (bad === 'unit') {
    const code = g.pick([...BAD_CODES, '52', '520103', otherVillage]);
    base.unitCode = code;
    [what, detail] = ['unitCode', show(code)];
    expect = (inline) => unitRefusal(code, inline);
  } else if (bad === 'period') {
    const p = g.pick(BAD_PERIODS);
    base.period = p;
    [what, detail] = ['period', show(p)];
    expect = (inline) => periodRefusal(p, inline);
  } else if (bad === 'version' && 'expectedVersion' in base) {
    const v = g.pick<unknown>([0, 2, -1, 999, 2 ** 31, 1.5, '1', null]);
    base.expectedVersion = v;
    [what, detail] = ['expectedVersion', show(v)];
    expect = (inline) => versionRefusal(v, inline);
  } else {
    const others = action === 'submitReport' ? [T.approver, T.viewer, T.admin, T.apiKey, T.otherClerk] : [T.clerk, T.viewer, T.admin, T.apiKey, T.otherClerk];
    auth = g.chance(0.3) ? g.pick(TOKENS_BAD()).auth : g.pick(others);
    [what, detail] = ['actor who may not', auth === null ? 'no token' : show(auth.slice(0, 30))];
    expect = actorRefusal(auth);
  }
  return mutation(g, action, `${action}: ${what}`, detail, action, type, base, '{ status version }', auth, expect);
};

const importReports: Make = (g) => {
  const kind = g.pick([
    'broken base64',
    'random bytes as XLSX',
    'random bytes as CSV',
    'truncated XLSX',
    'XLSX with flipped bytes',
    'XLSX with bad cells',
    'XLSX with a bad header',
    'CSV with an unterminated quote',
    'CSV with bad figures',
    'CSV of 10,000 columns',
    'CSV that is not UTF-8',
    'CSV with a bad header',
    'CSV with a 1 MB cell',
    'XLSX sent as CSV',
    'bad format or mode',
    'bad parent or period',
    'valid file, wrong actor',
  ]);
  switch (kind) {
    case 'broken base64': {
      const s = g.pick(['!!!notbase64!!!', '====', 'YWJj\u0000', '５２', `data:text/csv;base64,${b64(badCsv(g))}`, b64(badCsv(g)).split('').reverse().join(''), 'A', ' '.repeat(100), '%%%', '']);
      return importProbe(g, kind, show(s), { fileBase64: s }, s.includes('\u0000') ? R.INVALID_CHARACTER : R.IMPORT_FAILED);
    }
    case 'random bytes as XLSX':
    case 'random bytes as CSV': {
      const n = g.int(1, 64 * KB);
      const bytes = g.chance(0.3) ? Buffer.concat([Buffer.from('PK\x03\x04'), g.bytes(n)]) : g.bytes(n);
      return importProbe(g, kind, `${bytes.length} bytes`, { format: E(kind.endsWith('XLSX') ? 'XLSX' : 'CSV'), fileBase64: b64(bytes) }, R.IMPORT_FAILED);
    }
    case 'truncated XLSX': {
      const at = g.int(0, XLSX.badCells!.length - 1);
      return importProbe(g, kind, `first ${at} of ${XLSX.badCells!.length} bytes`, { format: E('XLSX'), fileBase64: b64(XLSX.badCells!.subarray(0, at)) }, R.IMPORT_FAILED);
    }
    case 'XLSX with flipped bytes': {
      const copy = Buffer.from(XLSX.badCells!);
      const n = g.int(1, 20);
      for (let i = 0; i < n; i++) copy[g.int(0, copy.length - 1)] ^= 1 << g.int(0, 7);
      // a flip may break the archive (the file is refused) or land where the workbook still reads (then every row of it fails)
      return importProbe(g, kind, `${n} bits flipped`, { format: E('XLSX'), fileBase64: b64(copy) }, [R.IMPORT_FAILED, R.EVERY_ROW_FAILED]);
    }
    case 'XLSX with bad cells':
      return importProbe(g, kind, 'negative, fractional, huge, text, date, formula, boolean cells', { format: E('XLSX'), fileBase64: b64(XLSX.badCells!) }, R.EVERY_ROW_FAILED);
    case 'XLSX with a bad header': {
      const name = g.pick(['headerNotFirst', 'unknownHeader', 'noCodeHeader', 'empty']);
      return importProbe(g, kind, name, { format: E('XLSX'), fileBase64: b64(XLSX[name]!) }, R.IMPORT_FAILED);
    }
    case 'CSV with an unterminated quote':
      return importProbe(g, kind, 'a quote never closed', { fileBase64: b64(`unitCode,LEFT_BEHIND_CHILDREN\n"${village},5\n${village},"6\n`) }, R.IMPORT_FAILED);
    case 'CSV with bad figures':
      return importProbe(g, kind, 'negative, fractional, huge, text figures', { fileBase64: b64(`\uFEFF${badCsv(g)}`) }, R.EVERY_ROW_FAILED);
    case 'CSV of 10,000 columns': {
      const known = g.chance(0.5);
      const headers = Array.from({ length: 9999 }, (_, i) => (known ? VILLAGE_INDICATORS[i % VILLAGE_INDICATORS.length] : `C${i}`));
      const csv = `unitCode,${headers.join(',')}\n${village},${Array(9999).fill('1').join(',')}\n`;
      return importProbe(g, kind, known ? 'indicator columns repeated' : 'unknown columns', { fileBase64: b64(csv) }, R.IMPORT_FAILED);
    }
    case 'CSV that is not UTF-8': {
      const bytes = Buffer.concat([Buffer.from('unitCode,LEFT_BEHIND_CHILDREN\n'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(`,1\n`)]);
      return importProbe(g, kind, 'invalid UTF-8', { fileBase64: b64(g.chance(0.5) ? bytes : Buffer.from(`unitCode,LEFT_BEHIND_CHILDREN\n${village},1\n`, 'utf16le')) }, R.IMPORT_FAILED);
    }
    case 'CSV with a bad header': {
      const csv = g.pick([
        `code,LEFT_BEHIND_CHILDREN\n${village},1\n`,
        `\nunitCode,LEFT_BEHIND_CHILDREN\n${village},1\n`,
        `unitCode;LEFT_BEHIND_CHILDREN\n${village};1\n`,
        `unitCode,NOT_AN_INDICATOR\n${village},1\n`,
        `unitCode,LEFT_BEHIND_CHILDREN,LEFT_BEHIND_CHILDREN\n${village},1,1\n`,
        `unitCode,LEFT_BEHIND_CHILDREN,\n${village},1,7\n`,
        `\uFEFF`,
        `\n\n\n`,
      ]);
      return importProbe(g, kind, show(csv), { fileBase64: b64(csv) }, R.IMPORT_FAILED);
    }
    case 'CSV with a 1 MB cell':
      return importProbe(g, kind, '1,000,000 digits', { fileBase64: b64(`unitCode,LEFT_BEHIND_CHILDREN\n${village},${'9'.repeat(1_000_000)}\n`) }, R.IMPORT_FAILED);
    case 'XLSX sent as CSV':
      return importProbe(g, kind, 'format CSV, XLSX bytes', { format: E('CSV'), fileBase64: b64(XLSX.badCells!) }, R.IMPORT_FAILED);
    case 'bad format or mode': {
      const over = g.pick<Record<string, unknown>>([{ format: E('PDF') }, { format: E('csv') }, { format: 'CSV' }, { mode: E('SOME') }, { mode: null }, { fileBase64: null }, { fileBase64: 5 }, { fileBase64: {} }]);
      // the string "CSV" is the enum CSV in JSON variables: then the file itself (a bad CSV) is what fails
      return importProbe(g, kind, show(over), over, (inline) => (over.format === 'CSV' && !inline ? R.EVERY_ROW_FAILED : typeError(inline)));
    }
    case 'bad parent or period': {
      const parent = g.chance(0.5);
      const value = parent ? g.pick([...BAD_CODES, '52', '520103']) : g.pick(BAD_PERIODS);
      const over = parent ? { parentCode: value } : { period: value };
      return importProbe(g, kind, show(over), over, (inline) => (parent ? unitRefusal(value, inline) : periodRefusal(value, inline)));
    }
    case 'valid file, wrong actor': {
      const who = g.pick([
        { name: 'approver', auth: T.approver },
        { name: 'viewer', auth: T.viewer },
        { name: 'admin', auth: T.admin },
        { name: 'API key', auth: T.apiKey },
        { name: 'clerk of another county', auth: T.otherClerk },
        ...TOKENS_BAD().slice(0, 4),
      ]);
      const xlsx = g.chance(0.5);
      const file = xlsx ? XLSX.validRow! : Buffer.from(`unitCode,LEFT_BEHIND_CHILDREN\n${village},4\n`);
      return importProbe(g, `${kind} (${who.name})`, xlsx ? 'XLSX' : 'CSV', { format: E(xlsx ? 'XLSX' : 'CSV'), fileBase64: b64(file) }, actorRefusal(who.auth), who.auth);
    }
  }
  throw new Error(`no import case ${kind}`);
};

/** Questions with a malformed argument: each must be answered with an error. */
const reads: Make = (g) => {
  const code = () => g.pick(BAD_CODES);
  const period = () => g.pick(MALFORMED_PERIODS);
  // for optional arguments: null there is not malformed, it means "not given"
  const someCode = () => g.pick(BAD_CODES.filter((c) => c !== null));
  const somePeriod = () => g.pick(MALFORMED_PERIODS.filter((p) => p !== null));
  const kind = g.pick([
    'unit',
    'units',
    'units.nameContains',
    'children',
    'report',
    'reports',
    'auditTrail',
    'changes',
    'timeSeries',
    'stats',
    'statsBreakdown',
    'completeness',
    'provincialReport',
    'importTemplate',
    'AdminUnit.report',
    'AdminUnit.stats',
    'me',
  ]);
  const A = T.admin;
  const V = T.viewer;
  switch (kind) {
    case 'unit': {
      const byCode = g.chance(0.6);
      const [c, p] = byCode ? [code(), undefined] : ['52', somePeriod()];
      // 52 is out of the viewer's scope, but a malformed period is refused before the unit is looked up
      return query('reads', 'unit: malformed code or period', show({ c, p }), `query($c: ID!, $p: Period) { unit(code: $c, period: $p) { code name } }`, { c, p }, g.pick([A, V]), byCode ? unitRefusal(c, false) : periodRefusal(p, false));
    }
    case 'units': {
      const args = g.pick<Record<string, unknown>>([
        { parentCode: someCode() },
        { period: somePeriod() },
        { level: E('HAMLET') },
        { first: g.pick([0, -1, 101, 10_000]) },
        { after: g.pick(['garbage', '!!!', 'x'.repeat(10_000), cursor([1, 2]), cursor(['520000000000', 9]), cursor(['52', 1]), Buffer.from('{"a":1}').toString('base64url')]) },
        { parentCode: '52' }, // out of the viewer's scope
      ]);
      const expect: Refusal =
        'parentCode' in args
          ? unitRefusal(args.parentCode, true)
          : 'period' in args
            ? periodRefusal(args.period, true)
            : 'level' in args
              ? R.INVALID_QUERY
              : 'first' in args
                ? args.first === 10_000
                  ? R.QUERY_TOO_COSTLY // the cost counts first × the page before the page size is checked
                  : R.INVALID_PAGE
                : R.INVALID_CURSOR;
      return query('reads', 'units: malformed argument', show(args), `{ units(${lit(args).slice(2, -2)}) { totalCount edges { node { code } } } }`, undefined, V, expect);
    }
    case 'units.nameContains': {
      const s = g.pick(['%', '_', '\\', "' OR '1'='1", 'x'.repeat(100_000), '贵'.repeat(5000), '%_%\\%', 'a\u0000b']);
      // a name filter matches or does not: an answer is fine, a fault is not
      return query('reads', 'units: odd name filter', show(s), `query($n: String) { units(nameContains: $n, first: 5) { totalCount } }`, { n: s }, g.pick([A, V]), s.includes('\u0000') ? R.INVALID_CHARACTER : 'ANY_ANSWER');
    }
    case 'children': {
      const args = g.pick<Record<string, unknown>>([{ first: g.pick([0, -5, 101]) }, { after: g.pick(['garbage', cursor([{}]), cursor(['x'])]) }, { period: somePeriod() }]);
      const expect = 'first' in args ? R.INVALID_PAGE : 'after' in args ? R.INVALID_CURSOR : periodRefusal(args.period, true);
      return query('reads', 'children: malformed argument', show(args), `{ unit(code: "520102") { children(${lit(args).slice(2, -2)}) { totalCount } } }`, undefined, V, expect);
    }
    case 'report':
    case 'auditTrail': {
      const byCode = g.chance(0.5);
      const [c, p] = byCode ? [code(), PERIOD] : [village, period()];
      const sel = kind === 'report' ? '{ version }' : '{ version action }';
      return query('reads', `${kind}: malformed code or period`, show({ c, p }), `query($c: ID!, $p: Period!) { ${kind}(unitCode: $c, period: $p) ${sel} }`, { c, p }, g.pick([A, V, T.clerk]), byCode ? unitRefusal(c, false) : periodRefusal(p, false));
    }
    case 'reports': {
      const after = g.pick([
        'garbage',
        cursor([1, 2, 3]),
        cursor(['garbage', 'x', 1]),
        cursor(['2026-13', village, 5]),
        cursor([PERIOD, village, 1e20]),
        cursor([PERIOD, village, 2.5]),
        cursor([PERIOD, `x\u0000`, 5]),
        cursor(['x'.repeat(1000), village, 5]),
      ]);
      const args = g.chance(0.8) ? { underUnit: '520102', after } : g.pick<Record<string, unknown>>([{ underUnit: code() }, { underUnit: '520102', first: 0 }, { underUnit: '520102', period: somePeriod() }, { underUnit: '520102', status: E('LOST') }]);
      const expect =
        'after' in args ? R.INVALID_CURSOR : 'first' in args ? R.INVALID_PAGE : 'period' in args ? periodRefusal(args.period, true) : 'status' in args ? R.INVALID_QUERY : unitRefusal(args.underUnit, true);
      return query('reads', 'reports: malformed argument (cursor, page, unit)', show(args), `{ reports(${lit(args).slice(2, -2)}) { totalCount edges { cursor } } }`, undefined, g.pick([A, V]), expect);
    }
    case 'changes': {
      const args = g.pick<Record<string, unknown>>([
        { since: 'garbage' },
        { since: 'f1.' },
        { since: 'f1.-1' },
        { since: 'f2.5' },
        { since: `f1.${'9'.repeat(19)}` },
        { since: 'f1.1e3' },
        { since: 'x'.repeat(10_000) },
        { first: 0 },
        { first: 1001 },
        { first: -1 },
      ]);
      return query('reads', 'changes: malformed cursor or page', show(args), `{ changes(${lit(args).slice(2, -2)}) { nextCursor items { value } } }`, undefined, g.pick([A, V, T.apiKey]), 'since' in args ? R.INVALID_CURSOR : R.INVALID_PAGE);
    }
    case 'timeSeries': {
      const args = g.pick<Record<string, unknown>>([
        { from: '2026-10', to: '2026-01', indicator: 'LEFT_BEHIND_CHILDREN' },
        { from: '2000-01', to: '2026-10', indicator: 'LEFT_BEHIND_CHILDREN' },
        { from: '2026-01', to: '2026-10', indicator: g.pick(UNKNOWN_INDICATORS) },
        { from: '0000-01', to: '2026-10', indicator: 'LEFT_BEHIND_CHILDREN' },
        { from: '1900-01', to: '9999-12', indicator: 'LEFT_BEHIND_CHILDREN' },
      ]);
      // every range here is reversed, too long, or reaches before 1900 or past this month; the indicator is the fault only where the range is fine
      const indicator = String(args.indicator);
      // a month before 1900 is not a month at all; a reversed or too long range is a range refused
      const rangeRefusal = args.from === '0000-01' ? R.INVALID_PERIOD : R.INVALID_RANGE;
      const expect = indicator === 'LEFT_BEHIND_CHILDREN' ? rangeRefusal : indicator.includes('\u0000') ? R.INVALID_CHARACTER : R.UNKNOWN_INDICATOR;
      return query('reads', 'timeSeries: bad range or indicator', show(args), `query($f: Period!, $t: Period!, $i: String!) { timeSeries(unitCode: "52", from: $f, to: $t, indicator: $i) { period value } }`, { f: args.from, t: args.to, i: args.indicator }, A, expect);
    }
    case 'stats': {
      const args = g.pick<Record<string, unknown>>([
        { indicators: ['NOPE'] },
        { indicators: ['LEFT_BEHIND_CHILDREN', g.pick(UNKNOWN_INDICATORS)] },
        { indicators: Array.from({ length: 1000 }, (_, i) => `X${i}`) },
        { unitCode: code() },
        { period: period() },
        { basis: E('SOMETIMES') },
        { unitCode: '52' }, // out of the viewer's scope
      ]);
      const full = { unitCode: '520102', period: PERIOD, ...args };
      const indicators = (args.indicators ?? []) as string[];
      const expect =
        'indicators' in args
          ? indicators.some((i) => i.includes('\u0000'))
            ? R.INVALID_CHARACTER
            : R.UNKNOWN_INDICATOR
          : 'unitCode' in args
            ? unitRefusal(args.unitCode, true)
            : 'period' in args
              ? periodRefusal(args.period, true)
              : R.INVALID_QUERY; // basis: not a StatsBasis
      return query('reads', 'stats: unknown indicator or malformed argument', show(args), `{ stats(${lit(full).slice(2, -2)}) { values { indicator value } } }`, undefined, V, expect);
    }
    case 'statsBreakdown':
    case 'completeness': {
      const byCode = g.chance(0.5);
      const [c, p] = byCode ? [code(), PERIOD] : ['520102', period()];
      const q = kind === 'statsBreakdown' ? `statsBreakdown(unitCode: $c, period: $p) { period }` : `completeness(unitCode: $c, period: $p) { expected }`;
      return query('reads', `${kind}: malformed code or period`, show({ c, p }), `query($c: ID!, $p: Period!) { ${q} }`, { c, p }, V, byCode ? unitRefusal(c, false) : periodRefusal(p, false));
    }
    case 'provincialReport': {
      const args = g.pick<Record<string, unknown>>([{ provinceCode: code(), period: PERIOD }, { provinceCode: '5201', period: PERIOD }, { provinceCode: '52', period: period() }, { provinceCode: '52', period: PERIOD, version: 2 ** 31 }]);
      const expect =
        'version' in args
          ? R.INVALID_QUERY // not an Int
          : args.provinceCode === '5201'
            ? R.NOT_A_PROVINCE // a city is not a province
            : args.provinceCode === '52'
              ? periodRefusal(args.period, true)
              : unitRefusal(args.provinceCode, true);
      return query('reads', 'provincialReport: malformed argument', show(args), `{ provincialReport(${lit(args).slice(2, -2)}) { version } }`, undefined, A, expect);
    }
    case 'importTemplate': {
      const args = g.pick<Record<string, unknown>>([{ parentCode: code(), format: E('CSV') }, { parentCode: '520102', format: E('PDF') }, { parentCode: '520102', format: E('CSV'), level: E('HAMLET') }, { parentCode: '52', format: E('XLSX') }]);
      // 52 is out of the clerk's scope; PDF and HAMLET are no enum values
      const expect = args.parentCode === '520102' ? R.INVALID_QUERY : unitRefusal(args.parentCode, true);
      return query('reads', 'importTemplate: malformed argument', show(args), `{ importTemplate(${lit(args).slice(2, -2)}) { filename } }`, undefined, T.clerk, expect);
    }
    case 'AdminUnit.report':
    case 'AdminUnit.stats': {
      const p = period();
      const sel = kind === 'AdminUnit.report' ? `report(period: $p) { version }` : `stats(period: $p) { values { value } }`;
      return query('reads', `${kind}: malformed period`, show(p), `query($c: ID!, $p: Period!) { unit(code: $c) { ${sel} } }`, { c: village, p }, V, periodRefusal(p, false));
    }
    case 'me': {
      const t = g.pick(TOKENS_BAD());
      return query('reads', `me: ${t.name}`, t.name, `{ me { name roles } }`, undefined, t.auth, t.refusal);
    }
  }
  throw new Error(`no read case ${kind}`);
};

/** Documents that are too deep, too costly, too many aliases, or not GraphQL at all. */
const shapes: Make = (g) => {
  const kind = g.pick([
    'deep children',
    'deep parents',
    'deep through fragments',
    'fragment cycle',
    'costly',
    'alias flood',
    'directive flood',
    'parser bomb',
    'unknown field or argument',
    'not GraphQL',
    'operation selection',
    'undeclared or unused variable',
    'repeated field flood',
  ]);
  const A = T.admin;
  switch (kind) {
    case 'deep children': {
      const k = g.chance(0.3) ? 10 : g.int(4, 40);
      return query('query shape', kind, `${k} levels of children`, `{ unit(code: "52") { ${'children { edges { node { '.repeat(k)} code ${'} } } '.repeat(k)} } }`, undefined, A, R.QUERY_TOO_DEEP);
    }
    case 'deep parents': {
      const k = g.int(12, 60);
      return query('query shape', kind, `${k} parents`, `query($c: ID!) { unit(code: $c) { ${'parent { '.repeat(k)} code ${'} '.repeat(k)} } }`, { c: village }, A, R.QUERY_TOO_DEEP);
    }
    case 'deep through fragments': {
      const n = g.int(5, 12);
      const frags = Array.from({ length: n }, (_, i) => `fragment F${i} on AdminUnit { code children { edges { node { ${i + 1 < n ? `...F${i + 1}` : 'code'} } } } }`).join(' ');
      return query('query shape', kind, `${n} nested fragments`, `{ unit(code: "52") { ...F0 } } ${frags}`, undefined, A, R.QUERY_TOO_DEEP);
    }
    case 'fragment cycle':
      return query('query shape', kind, 'A spreads B spreads A', `{ unit(code: "52") { ...A } } fragment A on AdminUnit { children { edges { node { ...B } } } } fragment B on AdminUnit { parent { ...A } }`, undefined, A, R.INVALID_QUERY);
    case 'costly': {
      const [a, b, c] = g.chance(0.3) ? [100, 100, 100] : [g.int(30, 100), g.int(30, 100), g.int(30, 100)];
      return query('query shape', kind, `${a} × ${b} × ${c}`, `{ units(first: ${a}) { edges { node { children(first: ${b}) { edges { node { children(first: ${c}) { edges { node { code } } } } } } } } } }`, undefined, A, R.QUERY_TOO_COSTLY);
    }
    case 'alias flood': {
      const n = g.chance(0.3) ? 50 : g.int(31, 600);
      const field = g.pick(['unit(code: "52") { name }', '__typename', 'me { name }', 'indicators { code }']);
      return query('query shape', kind, `${n} aliases of ${field}`, `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`, undefined, A, R.TOO_MANY_ALIASES);
    }
    case 'directive flood': {
      const n = g.int(2, 500);
      // a directive may appear once on a field
      return query('query shape', kind, `${n} @include on one field`, `{ me { name ${'@include(if: true) '.repeat(n)} } }`, undefined, A, R.INVALID_QUERY);
    }
    case 'parser bomb': {
      const n = g.int(1000, 5000);
      const q = g.pick([
        `{ unit(code: "52") { ${'children { edges { node { '.repeat(n)} code ${'} } } '.repeat(n)} } }`,
        `{ stats(unitCode: "52", period: "2026-10", indicators: ${'['.repeat(n)}"A"${']'.repeat(n)}) { period } }`,
        `{ ${'{'.repeat(n * 10)} }`,
        `{ me { name } } ${'a '.repeat(n * 50)}`,
        `query(${Array.from({ length: n }, (_, i) => `$v${i}: Int`).join(', ')}) { me { name } }`,
      ]);
      return query('query shape', kind, `${q.slice(0, 30)}… (${q.length} chars)`, q, undefined, A, R.INVALID_QUERY);
    }
    case 'unknown field or argument': {
      const q = g.pick([
        '{ nosuch }',
        '{ unit(code: "52") { nosuch } }',
        '{ unit(code: "52", nosucharg: 1) { name } }',
        'mutation { deleteEverything }',
        'subscription { reportChanged { version } }',
        '{ report { version } }',
        '{ unit(code: "52") }',
        '{ me { name { first } } }',
        '{ __type(name: "Report") { nosuch } }',
        'mutation { saveReport { version } }',
      ]);
      // a subscription is a valid document this server has no transport for
      return query('query shape', kind, q, q, undefined, g.pick([A, T.clerk]), q.startsWith('subscription') ? R.INVALID_REQUEST : R.INVALID_QUERY);
    }
    case 'not GraphQL': {
      const q = g.pick([
        'SELECT * FROM report',
        "'; DROP TABLE report; --",
        '<script>alert(1)</script>',
        '',
        ' ',
        '\u0000',
        'x'.repeat(100_000),
        '{"query": "{ me { name } }"}',
        '}{',
        g.text(g.int(1, 2000), 'abc{}()[]:$@!."\\ \n\t#,=|&ÿ中\u2028'),
      ]);
      // an empty query is no request at all; anything else fails to parse
      return query('query shape', kind, show(q), q, undefined, A, q === '' ? R.INVALID_REQUEST : R.INVALID_QUERY);
    }
    case 'operation selection': {
      const body = g.pick<Record<string, unknown>>([
        { query: 'query A { me { name } } query B { me { name } }' },
        { query: 'query A { me { name } }', operationName: 'B' },
        { query: 'query A { me { name } } { me { name } }' },
        { query: 'query A { me { name } } query A { me { name } }', operationName: 'A' },
        { query: '{ me { name } }', operationName: 5 },
        { query: '{ me { name } }', operationName: 'x'.repeat(10_000) },
      ]);
      // an operationName that is not a string is a malformed request; the rest name no single operation, or two of one name
      return { category: 'query shape', what: kind, detail: show(body), send: { kind: 'json', body, auth: A }, expect: typeof body.operationName === 'number' ? R.INVALID_REQUEST : R.INVALID_QUERY };
    }
    case 'undeclared or unused variable': {
      const q = g.pick([
        '{ unit(code: $c) { name } }',
        'query($x: Int) { me { name } }',
        'query($x: Nope) { me { name } }',
        'query($c: ID!, $c: ID!) { unit(code: $c) { name } }',
        'query($c: String!) { unit(code: $c) { name } }',
      ]);
      return query('query shape', kind, q, q, { c: '52', x: 1 }, A, R.INVALID_QUERY);
    }
    case 'repeated field flood': {
      const n = g.int(500, 3000);
      // legal but heavy to validate: an answer or a refusal, never a fault
      return query('query shape', kind, `name × ${n}`, `{ me { ${'name '.repeat(n)} } }`, undefined, A, 'ANY_ANSWER');
    }
  }
  throw new Error(`no shape case ${kind}`);
};

/** Variables whose JSON type does not match the declared type. */
const variables: Make = (g) => {
  const kind = g.pick(['Int', 'ID!', 'Period!', 'StatsBasis!', '[String!]', 'SaveReportInput!', 'missing required']);
  const A = T.admin;
  switch (kind) {
    case 'Int': {
      const n = g.pick<unknown>(['ten', 1.5, 2 ** 40, true, {}, [1], '10', -(2 ** 31) - 1]);
      return query('variables', 'Int variable of the wrong type', show(n), `query($n: Int) { units(first: $n) { totalCount } }`, { n }, A, R.INVALID_ARGUMENT);
    }
    case 'ID!': {
      const c = g.pick<unknown>([null, {}, 1.5, true, [1], ['52']]);
      return query('variables', 'ID variable of the wrong type', show(c), `query($c: ID!) { unit(code: $c) { name } }`, { c }, A, R.INVALID_ARGUMENT);
    }
    case 'Period!': {
      const p = g.pick(MALFORMED_PERIODS);
      return query('variables', 'Period variable malformed', show(p), `query($p: Period!) { unit(code: "52", period: $p) { name } }`, { p }, A, periodRefusal(p, false));
    }
    case 'StatsBasis!': {
      const b = g.pick<unknown>(['approved', 'NOPE', 1, null, {}]);
      return query('variables', 'enum variable of the wrong value', show(b), `query($b: StatsBasis!) { stats(unitCode: "52", period: "2026-10", basis: $b) { period } }`, { b }, A, R.INVALID_ARGUMENT);
    }
    case '[String!]': {
      const i = g.pick<unknown>([[null], [1], 'LEFT', {}, [['LEFT_BEHIND_CHILDREN']]]);
      return query('variables', 'list variable of the wrong type', show(i), `query($i: [String!]) { stats(unitCode: "52", period: "2026-10", indicators: $i) { period } }`, { i }, A, i === 'LEFT' ? R.UNKNOWN_INDICATOR : R.INVALID_ARGUMENT); // a single value is coerced to a list of one
    }
    case 'SaveReportInput!': {
      const i = g.pick<unknown>(['x', 5, [], null, { unitCode: village }, { unitCode: village, period: PERIOD, values: VALUES(), expectedVersion: 1, extra: true }]);
      return query('variables', 'input variable of the wrong shape', show(i), `mutation($i: SaveReportInput!) { saveReport(input: $i) { version } }`, { i }, T.clerk, R.INVALID_ARGUMENT);
    }
    case 'missing required': {
      const v = g.pick<unknown>([{}, null, 'c=52', [1], 5]);
      // variables that are not an object make a malformed request; an object (or none) without $c leaves a required variable missing
      const expect = v === null || (typeof v === 'object' && !Array.isArray(v)) ? R.INVALID_ARGUMENT : R.INVALID_REQUEST;
      return { category: 'variables', what: 'required variable missing or variables not an object', detail: show(v), send: { kind: 'json', body: { query: 'query($c: ID!) { unit(code: $c) { name } }', variables: v }, auth: A }, expect };
    }
  }
  throw new Error(`no variables case ${kind}`);
};

/** Batched requests: floods, hostile operations, arrays of the wrong things. */
const batches: Make = (g) => {
  const kind = g.pick(['flood', 'hostile operations', 'odd arrays']);
  if (kind === 'flood') {
    const n = g.chance(0.3) ? 50 : g.int(11, 200);
    const op = g.pick([{ query: '{ me { name } }' }, { query: '{ unit(code: "52") { name } }' }, { query: `mutation($i: SaveReportInput!) { saveReport(input: $i) { version } }`, variables: { i: { unitCode: village, period: PERIOD, values: VALUES(), expectedVersion: 1 } } }]);
    return { category: 'batch', what: 'batch flood', detail: `${n} operations`, send: { kind: 'json', body: Array(n).fill(op), auth: T.clerk }, expect: R.TOO_MANY_OPERATIONS };
  }
  if (kind === 'hostile operations') {
    const n = g.int(2, 10);
    const ops: unknown[] = [];
    const expect: Refusal[] = [];
    while (ops.length < n) {
      const p = g.pick([saveValues, savePeriod, saveUnit, saveVersion, saveIdempotency])(g);
      if (p.send.kind === 'gql' && p.send.auth === T.clerk) {
        ops.push({ query: p.send.query, variables: p.send.variables });
        if (p.expect !== 'ANY_ANSWER') expect.push(...[p.expect].flat());
      }
    }
    // each operation is refused as it would be alone: every error is one of the refusals its operations name
    return { category: 'batch', what: 'batch of hostile saves', detail: `${n} operations`, send: { kind: 'json', body: ops, auth: T.clerk }, expect };
  }
  const body = g.pick<unknown>([[], [1, 2], [null], [[{ query: '{ me { name } }' }]], ['{ me { name } }'], [{ query: 5 }], [{}], Array(10).fill(null)]);
  return { category: 'batch', what: 'batch of the wrong things', detail: show(body), send: { kind: 'json', body, auth: T.clerk }, expect: R.INVALID_REQUEST };
};

/**
 * A body sent as application/json: the body parser refuses what is not JSON
 * and (strict) JSON that is not an object or array, with a bare 400; an empty
 * body, and an object or array that is no GraphQL request, GraphQL refuses as
 * INVALID_REQUEST. Random bytes may come out of the parser either way.
 */
function jsonBodyRefusal(body: string | Buffer): Refusal | Refusal[] {
  if (Buffer.isBuffer(body)) return [R.INVALID_REQUEST, R.HTTP_400];
  if (body === '') return R.INVALID_REQUEST;
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === 'object' ? R.INVALID_REQUEST : R.HTTP_400;
  } catch {
    return R.HTTP_400;
  }
}

/** Bodies, content types and methods a GraphQL server should refuse. */
const transport: Make = (g) => {
  const kind = g.pick(['malformed JSON', 'JSON of the wrong shape', 'content type', 'GET', 'odd headers']);
  const validSave = JSON.stringify({ query: `mutation($i: SaveReportInput!) { saveReport(input: $i) { version } }`, variables: { i: { unitCode: village, period: PERIOD, values: VALUES(), expectedVersion: 1 } } });
  switch (kind) {
    case 'malformed JSON': {
      const body = g.pick<string | Buffer>([
        '{"query": ',
        '{{{{',
        'null',
        '"just a string"',
        '123',
        'true',
        '',
        `${'['.repeat(5000)}${']'.repeat(5000)}`,
        `{"query":"{ me { name } }"${' '.repeat(1000)}`,
        Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x22]),
        g.bytes(g.int(1, 4096)),
        "{'query': '{ me { name } }'}",
        '{"query": "{ me { name } }",}',
      ]);
      return { category: 'transport', what: kind, detail: show(typeof body === 'string' ? body : body), send: { kind: 'raw', body, contentType: 'application/json', auth: T.clerk }, expect: jsonBodyRefusal(body) };
    }
    case 'JSON of the wrong shape': {
      const body = g.pick<unknown>([
        { query: 5 },
        { query: null },
        {},
        { query: '' },
        { query: ['{ me { name } }'] },
        { query: '{ me { name } }', variables: 'not an object' },
        { query: '{ me { name } }', variables: [1, 2] },
        { query: '{ me { name } }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } },
        { extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } },
        { query: '{ me { name } }', extensions: 'x' },
      ]);
      return { category: 'transport', what: kind, detail: show(body), send: { kind: 'json', body, auth: T.clerk }, expect: R.INVALID_REQUEST };
    }
    case 'content type': {
      // a valid save in a body a browser may send cross-site without a preflight: it must not run
      const ct = g.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/graphql', 'application/json; charset=utf-16', 'application/xml']);
      const body = ct === 'application/graphql' ? `mutation { saveReport(input: ${lit({ unitCode: village, period: PERIOD, values: VALUES(), expectedVersion: 1 })}) { version } }` : validSave;
      // a JSON body in UTF-16 is refused by the body parser; any other type by the CSRF check
      return { category: 'transport', what: `${kind}: ${ct.split(';')[0]}`, detail: ct, send: { kind: 'raw', body, contentType: ct, auth: T.clerk }, expect: ct.startsWith('application/json') ? R.HTTP_400 : R.INVALID_REQUEST };
    }
    case 'GET': {
      const saveQuery = `mutation { saveReport(input: ${lit({ unitCode: village, period: PERIOD, values: VALUES(), expectedVersion: 1 })}) { version } }`;
      const preflight = g.chance(0.5) ? { 'apollo-require-preflight': 'true' } : undefined;
      const variant = g.pick(['mutation over GET', 'malformed query over GET', 'variables not JSON']);
      const path =
        variant === 'mutation over GET'
          ? `/graphql?query=${encodeURIComponent(saveQuery)}`
          : variant === 'malformed query over GET'
            ? `/graphql?query=${encodeURIComponent(g.pick(['{', '{ nosuch }', 'x'.repeat(5000)]))}`
            : `/graphql?query=${encodeURIComponent('query($c: ID!) { unit(code: $c) { name } }')}&variables=${encodeURIComponent('{not json')}`;
      // without the preflight header a GET is refused by the CSRF check; with it, a mutation is refused as one, a query that does not parse as that
      const expect = variant === 'malformed query over GET' && preflight ? R.INVALID_QUERY : R.INVALID_REQUEST;
      return { category: 'transport', what: `GET: ${variant}`, detail: preflight ? 'with preflight header' : 'no preflight header', send: { kind: 'get', path, auth: T.clerk, headers: preflight }, expect };
    }
    case 'odd headers': {
      const headers = g.pick<Record<string, string>>([{ 'x-request-id': 'x'.repeat(1000) }, { 'x-request-id': '../../etc/passwd' }, { 'x-request-id': '' }, { accept: 'application/xml' }, { 'content-encoding': 'gzip' }]);
      const q = g.pick(['{ nosuch }', `mutation { saveReport(input: ${lit({ unitCode: village, period: PERIOD, values: [{ indicator: 'RISK_RED', value: -1 }], expectedVersion: 1 })}) { version } }`]);
      // an Accept the server cannot answer, or a body that says it is gzip and is not, is refused as such; an odd request id changes nothing, the query's own fault is refused
      const expect = 'accept' in headers ? R.INVALID_REQUEST : 'content-encoding' in headers ? R.HTTP_400 : q === '{ nosuch }' ? R.INVALID_QUERY : R.VALIDATION_FAILED;
      return { category: 'transport', what: `odd header ${Object.keys(headers)[0]}`, detail: show(headers), send: { kind: 'gql', query: q, auth: T.clerk, headers }, expect };
    }
  }
  throw new Error(`no transport case ${kind}`);
};

/** Logins, users, keys, the provincial report: every one malformed or by someone who may not. */
const accounts: Make = (g) => {
  const kind = g.pick(['login', 'createUser', 'createApiKey', 'revokeApiKey', 'buildProvincialReport']);
  const notAdmin = () => g.pick([T.clerk, T.approver, T.viewer, T.apiKey, null, 'Bearer garbage']);
  switch (kind) {
    case 'login': {
      const username = g.pick<unknown>(['', 'x'.repeat(100_000), `fuzz\u0000clerk`, "admin' OR '1'='1", 'fuzz-clerk', 'FUZZ-CLERK', 'nobody-here', null, 5, {}]);
      const password = g.pick<unknown>(['', 'x'.repeat(MB), 'wrong password', '\u0000', null, 5, ['correct horse battery']]);
      const [u, p] = g.chance(0.5) ? [username, 'wrong password'] : ['fuzz-clerk', password];
      // a credential that is a string is wrong (and after enough wrong ones for a name, the name is throttled); any other is no String
      const expect: Expect = [u, p].some((x) => typeof x === 'string' && x.includes('\u0000'))
        ? R.INVALID_CHARACTER
        : typeof u === 'string' && typeof p === 'string'
          ? [R.INVALID_CREDENTIALS, R.TOO_MANY_FAILED_LOGINS]
          : R.INVALID_ARGUMENT;
      return query('accounts', 'login with a malformed or wrong credential', show({ u, p }), `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, { u, p }, null, expect);
    }
    case 'createUser': {
      const valid = { username: `fz${g.int(0, 1e6)}`, password: 'long enough password', roles: [E('CLERK')], unitCode: '520102' };
      if (g.chance(0.3)) {
        const auth = notAdmin();
        return mutation(g, 'accounts', 'createUser by a non-administrator', 'valid input', 'createUser', 'CreateUserInput', valid, '{ id }', auth, actorRefusal(auth));
      }
      const over = g.pick<Record<string, unknown>>([
        { username: 'a' },
        { username: 'x'.repeat(65) },
        { username: 'bad name' },
        { username: "a'--" },
        { username: 'ü-user' },
        { username: 'fuzz-clerk' },
        { username: 'FUZZ-CLERK' },
        { username: 'user\u0000x' },
        { password: 'short' },
        { password: 'x'.repeat(201) },
        { password: '' },
        { roles: [] },
        { roles: [E('ROOT')] },
        { roles: [null] },
        { unitCode: g.pick(BAD_CODES) },
      ]);
      const [field, value] = Object.entries(over)[0]!;
      const expect: ExpectOf =
        typeof value === 'string' && value.includes('\u0000')
          ? R.INVALID_CHARACTER
          : field === 'unitCode'
            ? (inline) => unitRefusal(value, inline)
            : field === 'username' && String(value).toLowerCase() === 'fuzz-clerk'
              ? R.USERNAME_TAKEN // names are compared without case
              : field === 'roles' && (value as unknown[]).length > 0
                ? typeError // ROOT and null are no Role
                : R.INVALID_USER;
      return mutation(g, 'accounts', 'createUser malformed', show(over), 'createUser', 'CreateUserInput', { ...valid, ...over }, '{ id }', T.admin, expect);
    }
    case 'createApiKey': {
      if (g.chance(0.3)) {
        const auth = notAdmin();
        return mutation(g, 'accounts', 'createApiKey by a non-administrator', 'valid input', 'createApiKey', 'CreateApiKeyInput', { name: 'k', unitCode: '52' }, '{ secret }', auth, actorRefusal(auth));
      }
      const over = g.pick<Record<string, unknown>>([{ name: '' }, { name: '   ' }, { name: 'x'.repeat(101) }, { name: `key\u0000${g.int(0, 99)}` }, { name: null }, { name: 5 }, { unitCode: g.pick(BAD_CODES) }]);
      // a key's name is checked with the user rules (INVALID_USER)
      const expect: ExpectOf = 'unitCode' in over ? (inline) => unitRefusal(over.unitCode, inline) : (inline) => (typeof over.name === 'string' && !over.name.includes('\u0000') ? R.INVALID_USER : textRefusal(over.name, inline));
      return mutation(g, 'accounts', 'createApiKey malformed', show(over), 'createApiKey', 'CreateApiKeyInput', { name: 'k', unitCode: '52', ...over }, '{ secret }', T.admin, expect);
    }
    case 'revokeApiKey': {
      if (g.chance(0.3)) {
        const auth = notAdmin();
        return query('accounts', 'revokeApiKey by a non-administrator', 'the real key', `mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: apiKeyId }, auth, actorRefusal(auth));
      }
      const id = g.pick<unknown>(['not-a-uuid', '', 'x'.repeat(1000), "' OR 1=1 --", '00000000-0000-0000-0000-00000000000g', '00000000-0000-0000-0000-000000000000', null, 5.5]);
      // a UUID of no key is answered false; a string that is no UUID INVALID_ID; null and a fraction are no ID
      const expect = typeof id !== 'string' ? R.INVALID_ARGUMENT : /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/.test(id) ? R.NOT_REVOKED : R.INVALID_ID;
      return query('accounts', 'revokeApiKey of a malformed or unknown id', show(id), `mutation($id: ID!) { revokeApiKey(id: $id) }`, { id }, T.admin, expect);
    }
    case 'buildProvincialReport': {
      const [c, p, auth, expect] = g.pick<[unknown, unknown, string | null, Refusal?]>([
        ['52', PERIOD, T.clerk, R.UNIT_NOT_FOUND], // the province is out of their scope
        ['52', PERIOD, T.approver, R.UNIT_NOT_FOUND],
        ['52', PERIOD, T.apiKey, R.UNIT_NOT_FOUND],
        ['52', PERIOD, null, R.MISSING_TOKEN],
        ['5201', PERIOD, T.admin, R.NOT_A_PROVINCE], // a city is not a province
        ['520102', PERIOD, T.admin, R.NOT_A_PROVINCE],
        [g.pick(BAD_CODES), PERIOD, T.admin],
        ['52', g.pick(BAD_PERIODS), T.admin],
      ]);
      const refusal = expect ?? (c === '52' ? periodRefusal(p, false) : unitRefusal(c, false));
      return query('accounts', 'buildProvincialReport malformed or not allowed', show({ c, p }), `mutation($c: ID!, $p: Period!) { buildProvincialReport(provinceCode: $c, period: $p) }`, { c, p }, auth, refusal);
    }
  }
  throw new Error(`no account case ${kind}`);
};

/** The file downloads: malformed paths and names. */
const exportsGet: Make = (g) => {
  const odd = g.chance(0.25);
  if (odd) {
    // a code the server trims to a valid one, with a character that may not go into a header: an answer or a refusal, never a fault
    const code = g.pick(['52%0A', '52%E3%80%80', '52%09', '52%0D']);
    return { category: 'exports', what: 'breakdown for a code with a control or wide-space character', detail: code, send: { kind: 'get', path: `/exports/stats-breakdown/${code}/${PERIOD}.csv`, auth: T.admin }, expect: 'ANY_ANSWER' };
  }
  const [path, auth, expect] = g.pick<[string, string | null, Expect]>([
    [`/exports/stats-breakdown/52/2026-13.csv`, T.admin, R.INVALID_PERIOD],
    [`/exports/stats-breakdown/abc/${PERIOD}.csv`, T.admin, R.INVALID_UNIT_CODE],
    [`/exports/stats-breakdown/${'5'.repeat(200)}/${PERIOD}.xlsx`, T.admin, R.INVALID_UNIT_CODE],
    [`/exports/stats-breakdown/52/${PERIOD}.pdf`, T.admin, R.INVALID_FILE],
    [`/exports/stats-breakdown/52/${PERIOD}.csv?basis=SOMETIMES`, T.admin, R.INVALID_BASIS],
    [`/exports/stats-breakdown/52/${PERIOD}.csv?basis=APPROVED&basis=PROVISIONAL`, T.admin, 'ANY_ANSWER'], // two bases: either is fine, a fault is not
    [`/exports/stats-breakdown/52/${PERIOD}.csv`, null, R.MISSING_TOKEN],
    [`/exports/stats-breakdown/52/${PERIOD}.csv`, 'Bearer garbage', R.INVALID_TOKEN],
    [`/exports/stats-breakdown/52/${PERIOD}.csv`, T.viewer, R.UNIT_NOT_FOUND], // out of scope
    [`/exports/stats-breakdown/52%00/${PERIOD}.csv`, T.admin, R.INVALID_UNIT_CODE],
    [`/exports/provincial-report/52/garbage/1.csv`, T.admin, R.INVALID_PERIOD],
    [`/exports/provincial-report/52/${PERIOD}/9999999.csv`, T.admin, R.INVALID_FILE], // a version past Int
    [`/exports/provincial-report/52/${PERIOD}/1.csv`, T.admin, R.REPORT_NOT_FOUND], // none built
    [`/exports/provincial-report/5201/${PERIOD}/1.xlsx`, T.admin, R.NOT_A_PROVINCE], // not a province
    [`/exports/provincial-report/%E2%80%AE/${PERIOD}/1.csv`, T.admin, R.INVALID_UNIT_CODE],
    [`/exports/provincial-report/52/${PERIOD}/..%2F..%2Fetc%2Fpasswd`, T.admin, R.INVALID_FILE],
  ]);
  return { category: 'exports', what: expect === 'ANY_ANSWER' ? 'ambiguous download' : 'malformed download', detail: path, send: { kind: 'get', path, auth }, expect };
};

const GENERATORS: [Make, number][] = [
  [saveValues, 5],
  [savePeriod, 2],
  [saveUnit, 2],
  [saveVersion, 2],
  [saveIdempotency, 1],
  [saveActor, 2],
  [workflow, 5],
  [importReports, 5],
  [reads, 6],
  [shapes, 5],
  [variables, 3],
  [batches, 2],
  [transport, 3],
  [accounts, 3],
  [exportsGet, 1],
];

/**
 * Faults this suite has found (with seeds 20261029, 1 and 777 at FUZZ_COUNT=2500),
 * kept as fixed cases so that every run shows them whatever the seed.
 */
function foundProbes(): Probe[] {
  const gql = (what: string, detail: string, query: string, variables: unknown, auth: string | null, expect: Expect): Probe => ({ category: 'found', what, detail, send: { kind: 'gql', query, variables, auth }, expect });
  const get = (what: string, path: string, expect: Expect): Probe => ({ category: 'found', what, detail: path, send: { kind: 'get', path, auth: T.admin }, expect });
  const reports = `query($a: String) { reports(underUnit: "520102", after: $a) { edges { cursor } } }`;
  return [
    gql('saveReport: expectedVersion a string', 'expectedVersion: "1"', `mutation($i: SaveReportInput!) { saveReport(input: $i) { version } }`, { i: { unitCode: village, period: PERIOD, values: VALUES(), expectedVersion: '1' } }, T.clerk, R.INVALID_ARGUMENT),
    gql('saveReport: period malformed, in variables', 'period: "2026-13"', `mutation($i: SaveReportInput!) { saveReport(input: $i) { version } }`, { i: { unitCode: village, period: '2026-13', values: VALUES(), expectedVersion: 1 } }, T.clerk, periodRefusal('2026-13', false)),
    gql('reports: cursor with a period that is not a month', '["garbage", code, 5]', reports, { a: cursor(['garbage', village, 5]) }, T.viewer, R.INVALID_CURSOR),
    gql('reports: cursor with a month out of range', '["2026-13", code, 5]', reports, { a: cursor(['2026-13', village, 5]) }, T.viewer, R.INVALID_CURSOR),
    gql('reports: cursor with a fractional depth', '[period, code, 2.5]', reports, { a: cursor([PERIOD, village, 2.5]) }, T.viewer, R.INVALID_CURSOR),
    gql('reports: cursor with a huge depth', '[period, code, 1e20]', reports, { a: cursor([PERIOD, village, 1e20]) }, T.viewer, R.INVALID_CURSOR),
    // the cursor is base64: the NUL inside it is found by the cursor's own check
    gql('reports: cursor with a NUL character', '[period, "x\\u0000", 5]', reports, { a: cursor([PERIOD, 'x\u0000', 5]) }, T.viewer, R.INVALID_CURSOR),
    gql('revokeApiKey: an id that is not a UUID', '"not-a-uuid"', `mutation { revokeApiKey(id: "not-a-uuid") }`, undefined, T.admin, R.INVALID_ID),
    gql('login: username with a NUL character', '"fuzz\\u0000clerk"', `mutation($u: String!) { login(username: $u, password: "wrong password") { token } }`, { u: 'fuzz\u0000clerk' }, null, R.INVALID_CHARACTER),
    gql('units: name filter with a NUL character', '"a\\u0000b"', `query($n: String) { units(nameContains: $n) { totalCount } }`, { n: 'a\u0000b' }, T.viewer, R.INVALID_CHARACTER),
    gql('createApiKey: name with a NUL character', '"key\\u0000"', `mutation($n: String!) { createApiKey(input: { name: $n, unitCode: "52" }) { secret } }`, { n: 'key\u0000' }, T.admin, R.INVALID_CHARACTER),
    gql('saveReport: idempotencyKey with a NUL character (stale version)', '"key\\u0000"', `mutation($i: SaveReportInput!) { saveReport(input: $i) { version } }`, { i: { unitCode: village, period: PERIOD, values: VALUES(), expectedVersion: 7, idempotencyKey: 'key\u0000' } }, T.clerk, R.INVALID_CHARACTER),
    gql('exemptReport: reason with a NUL character', '"excused\\u0000"', `mutation($i: ExemptReportInput!) { exemptReport(input: $i) { status } }`, { i: { unitCode: village, period: PERIOD, reason: 'excused\u0000' } }, T.approver, R.INVALID_CHARACTER),
    gql('a subscription operation', 'subscription { me { name } }', `subscription { me { name } }`, undefined, T.admin, R.INVALID_REQUEST),
    {
      category: 'found',
      what: 'a persisted-query hash that does not match the query',
      detail: 'sha256Hash "0" × 64',
      send: { kind: 'json', body: { query: '{ me { name } }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }, auth: T.admin },
      expect: R.INVALID_REQUEST,
    },
    get('download: a code ending in a line feed', `/exports/stats-breakdown/52%0A/${PERIOD}.csv`, 'ANY_ANSWER'),
    get('download: a code ending in an ideographic space', `/exports/stats-breakdown/52%E3%80%80/${PERIOD}.csv`, 'ANY_ANSWER'),
    get('download: basis given twice', `/exports/stats-breakdown/52/${PERIOD}.csv?basis=APPROVED&basis=PROVISIONAL`, 'ANY_ANSWER'),
  ];
}

/** Always sent, whatever COUNT and the seed: the cases the issue names. */
function fixedProbes(g: Gen): Probe[] {
  const q = (what: string, detail: string, query: string, vars: unknown, expect: Refusal): Probe => ({ category: 'fixed', what, detail, send: { kind: 'gql', query, variables: vars, auth: T.admin }, expect });
  const op = { query: '{ unit(code: "52") { name } }' };
  return [
    q('10 levels of children', 'children × 10', `{ unit(code: "52") { ${'children { edges { node { '.repeat(10)} code ${'} } } '.repeat(10)} } }`, undefined, R.QUERY_TOO_DEEP),
    q('costly query', 'first: 100 nested three times', `{ units(first: 100) { edges { node { children(first: 100) { edges { node { children(first: 100) { edges { node { code } } } } } } } } } }`, undefined, R.QUERY_TOO_COSTLY),
    q('50 aliases', 'unit × 50', `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: unit(code: "52") { name }`).join(' ')} }`, undefined, R.TOO_MANY_ALIASES),
    { category: 'fixed', what: 'batch of 50 operations', detail: '50 × unit(code: "52")', send: { kind: 'json', body: Array(50).fill(op), auth: T.admin }, expect: R.TOO_MANY_OPERATIONS },
    q('Int variable given a string', "n = 'ten'", `query($n: Int) { units(first: $n) { totalCount } }`, { n: 'ten' }, R.INVALID_ARGUMENT),
    q('Int variable given a fraction', 'n = 1.5', `query($n: Int) { units(first: $n) { totalCount } }`, { n: 1.5 }, R.INVALID_ARGUMENT),
    q('Int variable given 2^40', 'n = 2^40', `query($n: Int) { units(first: $n) { totalCount } }`, { n: 2 ** 40 }, R.INVALID_ARGUMENT),
    q('changes since garbage', 'since: "garbage"', `{ changes(since: "garbage") { nextCursor } }`, undefined, R.INVALID_CURSOR),
    q('timeSeries with to before from', '2026-10 → 2026-01', `{ timeSeries(unitCode: "52", indicator: "LEFT_BEHIND_CHILDREN", from: "2026-10", to: "2026-01") { value } }`, undefined, R.INVALID_RANGE),
    q('stats with unknown indicators', '["NOPE", "ALSO_NOPE"]', `{ stats(unitCode: "52", period: "2026-10", indicators: ["NOPE", "ALSO_NOPE"]) { period } }`, undefined, R.UNKNOWN_INDICATOR),
    save(g, 'value: negative', 'LEFT_BEHIND_CHILDREN: -1', { values: [{ indicator: 'LEFT_BEHIND_CHILDREN', value: -1 }] }, R.VALIDATION_FAILED),
    save(g, 'value: indicator of another level', 'MANDATORY_REPORTS on a village', { values: [...VALUES(), { indicator: 'MANDATORY_REPORTS', value: 1 }] }, R.VALIDATION_FAILED),
    // over the 10 MB limit (a 9 MB file is read in full, and a CSV of one 9 MB field takes the parser several seconds)
    importProbe(g, 'a 12 MB file, base64-encoded', `${Math.ceil((12 * MB) / 3) * 4} characters`, { fileBase64: b64(Buffer.alloc(12 * MB, 'unitCode,')) }, R.IMPORT_FAILED),
    importProbe(g, 'CSV of 10,000 columns', 'unknown columns', { fileBase64: b64(`unitCode,${Array.from({ length: 9999 }, (_, i) => `C${i}`).join(',')}\n${village},${Array(9999).fill('1').join(',')}\n`) }, R.IMPORT_FAILED),
    importProbe(g, 'CSV of 5,001 rows', 'abc,1 × 5001', { fileBase64: b64(`unitCode,LEFT_BEHIND_CHILDREN\n${'abc,1\n'.repeat(5001)}`) }, R.IMPORT_FAILED),
    { category: 'fixed', what: 'a 26 MB body', detail: '26 MB of variables', send: { kind: 'raw', body: `{"query":"{ me { name } }","variables":{"x":"${'a'.repeat(26 * MB)}"}}`, contentType: 'application/json', auth: T.admin }, expect: { http: 413 } },
    { category: 'fixed', what: 'a header over 16 KB', detail: 'Bearer x × 20000', send: { kind: 'gql', query: '{ me { name } }', auth: `Bearer ${'x'.repeat(20_000)}` }, expect: { http: 431 } },
  ];
}

// ------------------------------------------------------------ every ID and Int argument, from the schema

/**
 * Ids no row can have, for every ID argument (and ID field of an input):
 * out of every column's range, negative, zero, not numbers, UUIDs one
 * character short, long or wrong, and JSON numbers (an ID accepts integers).
 */
const HOSTILE_IDS: unknown[] = [
  '99999999999999999999',
  '9223372036854775808',
  '9007199254740993',
  '2147483648',
  '-1',
  '0',
  '',
  'abc',
  '1e3',
  '0x10',
  '1.5',
  '７',
  '0f8fad5b-d9cb-469f-a165-70867728950',
  '0f8fad5b-d9cb-469f-a165-70867728950e0',
  '0f8fad5g-d9cb-469f-a165-70867728950e',
  '{0f8fad5b-d9cb-469f-a165-70867728950e}',
  1e20,
  -1,
];
/** The ends of an Int (anything beyond is GraphQL's own type error, covered above). */
const HOSTILE_INTS = [2147483647, -2147483648, -1, 0];
const A_UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** An ID or Int the generator may set: a root field's argument, or a field of an input under it (`input.parts.childCodes`). */
interface Slot {
  field: string;
  path: string[];
  type: 'ID' | 'Int';
  list: boolean;
}

/** A unit code (`unitCode`, `parentCode`, `childCodes` …), as against an id of a row. */
const isCodeSlot = (slot: Slot) => /code/i.test(slot.path[slot.path.length - 1]!);
/** The same unit in its two spellings: the short code and the 12-digit one. */
const spellings = (slot: Slot): [string, string] => (/province/i.test(slot.path[slot.path.length - 1]!) ? ['52', '520000000000'] : ['520102', '520102000000']);

function slotsOf(schema: GraphQLSchema, root: 'Query' | 'Mutation'): Slot[] {
  const type = root === 'Query' ? schema.getQueryType()! : schema.getMutationType()!;
  const slots: Slot[] = [];
  const walk = (field: string, path: string[], t: GraphQLInputType, depth: number) => {
    const list = isListType(getNullableType(t));
    const named = getNamedType(t);
    if (named.name === 'ID' || named.name === 'Int') slots.push({ field, path, type: named.name, list });
    else if (isInputObjectType(named) && depth < 3) for (const f of Object.values(named.getFields())) walk(field, [...path, f.name], f.type, depth + 1);
  };
  for (const f of Object.values(type.getFields())) for (const a of f.args) walk(f.name, [a.name], a.type, 0);
  return slots;
}

/** A plausible value of an input type (required fields only), for the arguments around the one made hostile. */
function sampleOf(t: GraphQLInputType, name: string, field: string): unknown {
  if (isNonNullType(t)) return sampleOf(t.ofType, name, field);
  if (isListType(t)) return [sampleOf(t.ofType, name, field)];
  const named = getNamedType(t);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) return Object.fromEntries(Object.values(named.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, sampleOf(f.type, f.name, field)]));
  switch (named.name) {
    case 'ID':
      if (/province/i.test(name)) return '52';
      if (/village/i.test(name)) return village;
      if (/code/i.test(name)) return '520102';
      return /ApiKey|[Cc]hild|Visit|importJob/.test(field) ? A_UUID : '1';
    case 'Int':
    case 'SafeInt':
      return 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'Period':
      return PERIOD;
    case 'DateTime':
      return '2026-10-01T00:00:00Z';
    default:
      if (/password/i.test(name)) return 'long enough password';
      if (/url/i.test(name)) return 'https://example.invalid/hook';
      if (/base64/i.test(name)) return b64('unitCode\n');
      if (/On$|effective|date/i.test(name)) return '2026-10-01';
      return 'fuzz';
  }
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let at: any = target;
  for (const k of path.slice(0, -1)) {
    if (Array.isArray(at[k])) at[k] = at[k].map((x: unknown) => x); // a copy; the value goes into its first element
    at = Array.isArray(at[k]) ? (at[k][0] ??= {}) : (at[k] ??= {});
  }
  at[path[path.length - 1]!] = value;
}

/** The tree changes, one plausible input of each kind within the county (the hostile value replaces one field); variables, so enums are strings. */
const TREE_CHANGES = (): Record<string, unknown>[] => {
  const t1 = '520102016';
  const t2 = '520102017';
  return [
    { kind: 'CREATE', effective: '2026-07', code: '520102990000', name: '新街道', newParentCode: '520102' },
    { kind: 'MERGE', effective: '2026-07', unitCodes: [t1], intoCode: t2 },
    { kind: 'MOVE', effective: '2026-07', unitCode: t1, newParentCode: '520103' },
    { kind: 'RENAME', effective: '2026-07', unitCode: t1, name: '新名' },
    { kind: 'RETIRE', effective: '2026-07', unitCode: t1 },
    { kind: 'SPLIT', effective: '2026-07', unitCode: t1, parts: [{ code: '520102991000', name: '甲', childCodes: [`${t1}001`] }, { code: '520102992000', name: '乙', childCodes: [`${t1}002`] }] },
  ];
};

/**
 * For every ID and Int argument of the schema (and every ID and Int field of
 * an input), one request per hostile value, the other arguments plausible;
 * every unit-code argument also in its two spellings (a list given both
 * spellings of one unit: the same unit twice). An id is refused (BAD_USER_INPUT
 * naming the field, or NOT_FOUND where that is the answer for a missing row,
 * or FORBIDDEN for a caller who may not ask); anything else may be answered,
 * but never with a fault. Tree changes are generated apart (treeChangeProbes).
 */
function schemaProbes(schema: GraphQLSchema, actors: string[]): Probe[] {
  const probes: Probe[] = [];
  const ID_REFUSED: Refusal[] = [{ code: 'BAD_USER_INPUT' }, { code: 'NOT_FOUND' }, { code: 'FORBIDDEN' }];
  // ids of bigint columns (notifications), where 2^31 is an id like any other
  const BIGINT_IDS = new Set(['notifications', 'markNotificationsRead']);
  for (const root of ['Query', 'Mutation'] as const) {
    const type = root === 'Query' ? schema.getQueryType()! : schema.getMutationType()!;
    for (const slot of slotsOf(schema, root)) {
      if (slot.field === 'previewTreeChange' || slot.field === 'applyTreeChange') continue;
      const field = type.getFields()[slot.field]!;
      const base = Object.fromEntries(field.args.filter((a) => isNonNullType(a.type)).map((a) => [a.name, sampleOf(a.type, a.name, field.name)]));
      const values: { value: unknown; detail: string; expect: Expect }[] = [];
      const wrap = (v: unknown) => (slot.list ? [v] : v);
      if (slot.type === 'Int') for (const v of HOSTILE_INTS) values.push({ value: wrap(v), detail: String(v), expect: 'ANY_ANSWER' });
      else {
        for (const v of HOSTILE_IDS) values.push({ value: wrap(v), detail: show(v), expect: isCodeSlot(slot) || (v === '2147483648' && BIGINT_IDS.has(slot.field)) ? 'ANY_ANSWER' : ID_REFUSED });
        if (isCodeSlot(slot)) {
          const [short, long] = spellings(slot);
          if (slot.list) values.push({ value: [short, long], detail: `[${short}, ${long}]`, expect: 'ANY_ANSWER' });
          else values.push({ value: short, detail: short, expect: 'ANY_ANSWER' }, { value: long, detail: long, expect: 'ANY_ANSWER' });
        }
      }
      const vars = field.args.map((a, i) => `$a${i}: ${String(a.type)}`).join(', ');
      const args = field.args.map((a, i) => `${a.name}: $a${i}`).join(', ');
      const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
      const query = `${root === 'Query' ? 'query' : 'mutation'}(${vars}) { ${field.name}(${args})${selection} }`;
      for (const { value, detail, expect } of values) {
        const input = structuredClone(base);
        setAt(input, slot.path, value);
        const variables = Object.fromEntries(field.args.map((a, i) => [`a${i}`, input[a.name]]));
        for (const auth of actors) {
          probes.push({ category: 'schema', what: `${slot.field}(${slot.path.join('.')}): ${slot.type === 'Int' ? 'Int at its ends' : isCodeSlot(slot) ? 'unit code' : 'id'}`, detail, send: { kind: 'gql', query, variables, auth }, expect });
        }
      }
    }
  }
  return probes;
}

/** previewTreeChange and applyTreeChange: each kind, each of its ID fields hostile, and each code in its other spelling. */
function treeChangeProbes(auth: string): Probe[] {
  const probes: Probe[] = [];
  const preview = `query($i: TreeChangeInput!) { previewTreeChange(input: $i) { fingerprint } }`;
  const apply = `mutation($i: TreeChangeInput!) { applyTreeChange(input: $i, previewFingerprint: "not the preview's") { id } }`;
  const push = (what: string, detail: string, input: Record<string, unknown>, expect: Expect = 'ANY_ANSWER') => {
    for (const [name, query] of [['previewTreeChange', preview], ['applyTreeChange', apply]] as const) {
      probes.push({ category: 'tree change', what: `${name} ${String(input.kind)}: ${what}`, detail, send: { kind: 'gql', query, variables: { i: input }, auth }, expect });
    }
  };
  for (const change of TREE_CHANGES()) {
    const kind = String(change.kind);
    const paths: string[][] = [];
    for (const k of Object.keys(change)) if (/code/i.test(k)) paths.push([k]);
    if (kind === 'SPLIT') paths.push(['parts', 'code'], ['parts', 'childCodes']);
    for (const path of paths) {
      const list = path[path.length - 1] === 'unitCodes' || path[path.length - 1] === 'childCodes';
      for (const v of HOSTILE_IDS.slice(0, 8)) {
        const input = structuredClone(change);
        setAt(input, path, list ? [v] : v);
        push(`${path.join('.')} hostile`, show(v), input);
      }
    }
    // the same unit in two spellings: what the rules refuse for one spelling (a unit named twice, merged into
    // itself, moved under itself, given to two parts, two parts of one code) they refuse for both
    const refused: Refusal = { code: 'BAD_USER_INPUT' };
    if (kind === 'MERGE') {
      push('unitCodes: one unit in both spellings', '[520102016, 520102016000]', { ...change, unitCodes: ['520102016', '520102016000'] }, refused);
      push('intoCode: the unit merged, in its long spelling', 'unitCodes [520102016], intoCode 520102016000', { ...change, intoCode: '520102016000' }, refused);
    }
    if (kind === 'MOVE') push('newParentCode: the unit itself, long spelling', 'unitCode 520102016, newParentCode 520102016000', { ...change, newParentCode: '520102016000' }, refused);
    if (kind === 'SPLIT') {
      const parts = change.parts as Record<string, unknown>[];
      push('parts: one village given to both parts', '520102016001 twice', { ...change, parts: [{ ...parts[0], childCodes: ['520102016001'] }, { ...parts[1], childCodes: ['520102016001'] }] }, refused);
      push('parts: both parts with one code, two spellings', '520102991 and 520102991000', { ...change, parts: [{ ...parts[0], code: '520102991' }, { ...parts[1], code: '520102991000' }] }, refused);
      push('unitCode: the long spelling', '520102016000', { ...change, unitCode: '520102016000' });
    }
  }
  return probes;
}

// ------------------------------------------------------------ sending and judging

async function send(s: Send, requestId: string): Promise<{ status: number; body: any }> {
  const server = api.app.getHttpServer();
  let req: request.Test;
  if (s.kind === 'get') {
    req = request(server).get(s.path);
  } else if (s.kind === 'raw') {
    req = request(server)
      .post(s.path ?? '/graphql')
      .set('content-type', s.contentType);
  } else {
    req = request(server).post('/graphql');
  }
  if (s.auth !== null) req.set('authorization', s.auth);
  req.set('x-request-id', requestId); // finds the server's log lines of this request
  if ((s.kind === 'gql' || s.kind === 'get') && s.headers) for (const [k, v] of Object.entries(s.headers)) req.set(k, v);
  req.timeout(REQUEST_TIMEOUT_MS);
  let res: request.Response;
  if (s.kind === 'gql') res = await req.send({ query: s.query, variables: s.variables });
  else if (s.kind === 'json') res = await req.set('content-type', 'application/json').send(JSON.stringify(s.body));
  else if (s.kind === 'raw') res = await req.send(s.body as never);
  else res = await req;
  return { status: res.status, body: res.body };
}

function outcomeOf(status: number, body: any, ms: number): Outcome {
  const docs: any[] = Array.isArray(body) ? body : [body];
  const codes: string[] = [];
  const errorList: Outcome['errors'] = [];
  let answeredWithoutError = 0;
  let message = '';
  for (const d of docs) {
    const errors = d && typeof d === 'object' && Array.isArray(d.errors) ? d.errors : [];
    if (errors.length > 0) {
      for (const e of errors) {
        codes.push(String(e?.extensions?.code ?? 'NO_CODE'));
        errorList.push({ code: String(e?.extensions?.code ?? 'NO_CODE'), reason: e?.extensions?.reason === undefined ? undefined : String(e.extensions.reason) });
      }
      message ||= String(errors[0]?.message ?? '');
    } else if (d && typeof d === 'object' && typeof d.code === 'string' && typeof d.reason === 'string') {
      codes.push(d.code); // a download's refusal
      errorList.push({ code: d.code, reason: d.reason });
      message ||= String(d.message ?? '');
    } else {
      answeredWithoutError++;
      if (!message && d && typeof d === 'object' && d.message) message = String(d.message);
    }
  }
  return { status, codes, errors: errorList, answeredWithoutError, message: message.slice(0, 200), ms, body };
}

function judge(p: Probe, o: Outcome): string[] {
  const problems: string[] = [];
  if (o.status >= 500) problems.push(`HTTP ${o.status}`);
  const foreign = [...new Set(o.codes.filter((c) => !CLIENT_CODES.has(c)))];
  if (foreign.length) problems.push(`code ${foreign.join(', ')}`);
  // the error formatter's net for a value Postgres refused: a client error, but the input went unchecked
  if (o.errors.some((e) => e.reason === 'UNCHECKED_INPUT')) problems.push('reason UNCHECKED_INPUT (Postgres refused a value the API did not check)');
  if (p.expect === 'ANY_ANSWER' || problems.length > 0) return problems;
  const expected = [p.expect].flat();
  const named = expected.map(refusalText).join(' or ');
  const refusedAsData = o.status < 400 && o.errors.length === 0 && expected.some((r) => 'data' in r && r.test(o.body));
  if (refusedAsData) return problems;
  const refused = o.status >= 400 || (o.errors.length > 0 && o.answeredWithoutError === 0);
  if (!refused) {
    problems.push(`accepted (answered without an error; expected ${named})`);
    return problems;
  }
  if (o.errors.length === 0) {
    // refused before GraphQL: only an HTTP status to go by
    if (!expected.some((r) => 'http' in r && r.http === o.status)) problems.push(`expected ${named}, got HTTP ${o.status} with no error`);
    return problems;
  }
  const matches = (e: Outcome['errors'][number]) => expected.some((r) => 'code' in r && r.code === e.code && (r.reason === undefined || r.reason === e.reason));
  const wrong = [...new Set(o.errors.filter((e) => !matches(e)).map((e) => (e.reason ? `${e.code}/${e.reason}` : e.code)))];
  if (wrong.length > 0) problems.push(`expected ${named}, got ${wrong.join(', ')}`);
  return problems;
}

/** A message with its particulars (quoted values, numbers, ids) taken out, so that one fault gives one line. */
function normalized(message: string): string {
  if (/^Variable "[^"]*" got invalid value /.test(message)) return 'Variable "$…" got invalid value … (a variable that does not coerce to its declared type)';
  return message
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\{[^}]*\}/g, '{…}')
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')
    .replace(/\d+/g, 'N')
    .slice(0, 160);
}

/**
 * Where a faulty answer came from: the first frame in apps/ or libs/ of the
 * error the server logged for the request, with the error's message; else the
 * answer's own message.
 */
function causeOf(requestId: string, o: Outcome | undefined, problem: string): string {
  if (problem.startsWith('accepted')) return 'a request that is not a valid change or question was answered without an error';
  if (problem.startsWith('tables changed')) return 'a refused request changed the tables';
  for (const l of api.logs.filter((x) => x.requestId === requestId && x.level === 'error')) {
    const err = (l.err ?? {}) as { type?: string; message?: string; stack?: string };
    const stack = String(err.stack ?? l.trace ?? '');
    const frame = /(?:apps|libs)\/[\w./-]+\.ts:\d+/.exec(stack)?.[0];
    const message = normalized(String(err.message ?? l.msg ?? '').split('\n')[0]!);
    const type = err.type ?? /^(\w+)/.exec(stack)?.[1] ?? '';
    // a fault is where it happened; without a frame, what it said
    if (frame) return `${type ? `${type} ` : ''}at ${frame}${type === 'GraphQLError' ? '' : `: ${message}`}`;
    if (message) return `${type ? `${type}: ` : ''}${message}`;
  }
  return o?.message ? normalized(o.message) : 'no message';
}

function requestText(s: Send): string {
  const clip = (x: string, n = 240) => (x.length > n ? `${x.slice(0, n)}… (${x.length} chars)` : x);
  const who = s.auth === null ? 'no Authorization' : s.auth === T.clerk ? 'clerk 520102' : s.auth === T.approver ? 'approver 520102' : s.auth === T.admin ? 'admin 52' : s.auth === T.viewer ? 'viewer 520102' : s.auth === T.apiKey ? 'API key 520102' : s.auth === T.otherClerk ? 'clerk 520103' : clip(s.auth, 40);
  switch (s.kind) {
    case 'gql':
      return `POST /graphql [${who}] ${clip(s.query)}${s.variables === undefined ? '' : ` variables ${clip(JSON.stringify(s.variables) ?? '', 200)}`}`;
    case 'json':
      return `POST /graphql [${who}] body ${clip(JSON.stringify(s.body) ?? '', 300)}`;
    case 'raw':
      return `POST ${s.path ?? '/graphql'} [${who}] content-type ${s.contentType}, body ${typeof s.body === 'string' ? clip(JSON.stringify(s.body)) : `<${s.body.length} bytes>`}`;
    case 'get':
      return `GET ${clip(s.path)} [${who}]`;
  }
}

type Snapshot = Record<string, string>;

async function snapshot(): Promise<Snapshot> {
  const sql = Object.entries(TABLES)
    .map(([t, key]) => {
      const order = key
        .split(', ')
        .map((k) => `x.${k}`)
        .join(', ');
      return `SELECT '${t}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY ${order}), '')) AS h FROM ${t} x`;
    })
    .join(' UNION ALL ');
  const rows: { t: string; n: number; h: string }[] = await api.db.query(sql);
  return Object.fromEntries(rows.map((r) => [r.t, `${r.n} rows, md5 ${r.h}`]));
}

function changed(before: Snapshot, after: Snapshot): string[] {
  return Object.keys(TABLES)
    .filter((t) => before[t] !== after[t])
    .map((t) => `${t}: ${before[t]} → ${after[t]}`);
}

// ------------------------------------------------------------ the run

describe('hostile input, generated', () => {
  it(
    'answers every hostile request with a client error, refuses every invalid change, and changes no table',
    async () => {
      const g = new Gen(mulberry32(SEED));
      const started = Date.now();
      const failures: Failure[] = [];
      const byCode: Record<string, number> = {};
      let requests = 0;
      let fiveXX = 0;
      let internal = 0;
      let slowest = { ms: 0, what: '' };
      let stoppedEarly = false;

      const initial = await snapshot();
      let last = initial;
      let tablesChanged = false;

      const totalWeight = GENERATORS.reduce((s, [, w]) => s + w, 0);
      const generate = (): Probe => {
        let r = g.int(0, totalWeight - 1);
        for (const [make, w] of GENERATORS) {
          if (r < w) return make(g);
          r -= w;
        }
        throw new Error('unreachable');
      };

      const run = async (p: Probe) => {
        requests++;
        const requestId = `fuzz-${SEED}-${requests}`;
        const t0 = Date.now();
        let outcome: Outcome;
        try {
          const res = await send(p.send, requestId);
          outcome = outcomeOf(res.status, res.body, Date.now() - t0);
        } catch (e) {
          const problem = `no answer: ${(e as Error).message}`;
          failures.push({ probe: p, problem, cause: normalized(problem), requestId });
          return;
        }
        if (outcome.ms > slowest.ms) slowest = { ms: outcome.ms, what: `${p.category}: ${p.what} (${p.detail})` };
        const seen = new Set(outcome.codes);
        if (seen.size === 0) seen.add(outcome.status >= 400 ? `HTTP ${outcome.status}` : 'no error');
        for (const c of seen) byCode[c] = (byCode[c] ?? 0) + 1;
        if (outcome.status >= 500) fiveXX++;
        if (outcome.codes.includes('INTERNAL_SERVER_ERROR')) internal++;
        const problems = judge(p, outcome);
        if (problems.length > 0) {
          const problem = problems.join(', ');
          // a refusal other than the one named is grouped by the probe and the refusal, not by where the server went
          const what = p.what.replace(/ \(variables\)$/, '');
          const cause = problem.startsWith('expected ') ? `${what.startsWith(p.category) ? what : `${p.category}: ${what}`}: ${problem}` : causeOf(requestId, outcome, problem);
          failures.push({ probe: p, problem, cause, outcome, requestId });
        }
        const now = await snapshot();
        const diff = changed(last, now);
        if (diff.length > 0) {
          tablesChanged = true;
          failures.push({ probe: p, problem: `tables changed: ${diff.join('; ')}`, cause: 'a request that should have been refused changed the tables', outcome, requestId });
          last = now;
        }
      };

      // the fixed cases draw from a stream of their own, so the generated sequence depends on the seed alone
      for (const p of [...fixedProbes(new Gen(mulberry32(SEED ^ 0x9e3779b9))), ...foundProbes()]) await run(p);
      for (let i = 0; i < COUNT; i++) {
        if (Date.now() - started > TIME_BUDGET_MS) {
          stoppedEarly = true;
          break;
        }
        await run(generate());
      }

      const final = await snapshot();
      const finalDiff = changed(initial, final);
      if (finalDiff.length > 0) tablesChanged = true;

      const sortedCodes = Object.fromEntries(Object.entries(byCode).sort(([a], [b]) => a.localeCompare(b)));
      console.log(
        `fuzz: ${requests} requests (seed ${SEED}), by code: ${JSON.stringify(sortedCodes)}, 5xx: ${fiveXX}, INTERNAL_SERVER_ERROR: ${internal}, tables changed: ${tablesChanged ? `yes (${finalDiff.join('; ') || 'changed, then changed back'})` : 'no'}`,
      );
      console.log(
        `fuzz: ${((Date.now() - started) / 1000).toFixed(1)} s${stoppedEarly ? `, stopped at the time budget of ${TIME_BUDGET_MS / 1000} s` : ''}; slowest request ${slowest.ms} ms (${slowest.what.slice(0, 120)})`,
      );

      if (failures.length > 0) {
        // one entry per fault (the same fault is usually hit by many requests), with the requests that show it
        const kinds = new Map<string, { failures: Failure[]; problems: Set<string>; whats: Set<string> }>();
        for (const f of failures) {
          const k = kinds.get(f.cause) ?? { failures: [], problems: new Set<string>(), whats: new Set<string>() };
          k.failures.push(f);
          k.problems.add(f.problem.replace(/^tables changed: .*/, 'tables changed'));
          k.whats.add(`${f.probe.category}: ${f.probe.what.replace(/ \(variables\)$/, '')}`);
          kinds.set(f.cause, k);
        }
        const listed = [...kinds.entries()]
          .sort(([, a], [, b]) => b.failures.length - a.failures.length)
          .slice(0, MAX_LISTED)
          .map(([cause, { failures: fs, problems, whats }], i) => {
            const first = fs[0]!;
            const o = first.outcome;
            const answer = o ? `HTTP ${o.status}, codes [${[...new Set(o.codes)].join(', ')}]${o.message ? `, "${o.message}"` : ''}` : 'no answer';
            const seenIn = [...whats].slice(0, 5).join('; ') + (whats.size > 5 ? `; and ${whats.size - 5} more` : '');
            return (
              `${i + 1}. [${[...problems].join(' / ')}] ${cause}\n   ${fs.length} request(s): ${seenIn}\n   e.g. ${requestText(first.probe.send)} (x-request-id ${first.requestId})\n   answer: ${answer}` +
              (first.problem.startsWith('tables changed') ? `\n   ${first.problem}` : '')
            );
          });
        throw new Error(
          `${failures.length} problem(s) in ${requests} hostile requests (seed ${SEED}), ${kinds.size} distinct fault(s)${kinds.size > MAX_LISTED ? `, the ${MAX_LISTED} most frequent listed` : ''}:\n${listed.join('\n')}`,
        );
      }
    },
    180_000,
  );

  /** Sends each probe, judges it as the generated ones are judged, and fails once listing each distinct fault. */
  async function runAll(label: string, probes: Probe[]): Promise<void> {
    const faults = new Map<string, { n: number; first: Failure }>();
    const byAnswer: Record<string, number> = {};
    let n = 0;
    for (const probe of probes) {
      const requestId = `fuzz-${label}-${++n}`;
      let outcome: Outcome | undefined;
      let problem: string;
      try {
        const res = await send(probe.send, requestId);
        outcome = outcomeOf(res.status, res.body, 0);
        const answer = outcome.errors.length ? [...new Set(outcome.errors.map((e) => (e.reason ? `${e.code}/${e.reason}` : e.code)))].join('+') : 'answered';
        byAnswer[answer] = (byAnswer[answer] ?? 0) + 1;
        problem = judge(probe, outcome).join(', ');
      } catch (e) {
        problem = `no answer: ${(e as Error).message}`;
      }
      if (!problem) continue;
      const cause = problem.startsWith('expected ') || problem.startsWith('accepted') ? `${probe.what}: ${problem}` : `${causeOf(requestId, outcome, problem)} [${probe.what}]`;
      const seen = faults.get(cause);
      if (seen) seen.n++;
      else faults.set(cause, { n: 1, first: { probe, problem, cause, outcome, requestId } });
    }
    console.log(`fuzz ${label}: ${n} requests, by answer ${JSON.stringify(byAnswer)}, ${faults.size} distinct fault(s)`);
    if (faults.size > 0) {
      const listed = [...faults.values()].map(({ n: count, first: f }, i) => {
        const o = f.outcome;
        const answer = o ? `HTTP ${o.status}, codes [${[...new Set(o.codes)].join(', ')}]${o.message ? `, "${o.message}"` : ''}` : 'no answer';
        return `${i + 1}. [${f.problem}] ${f.cause}\n   ${count} request(s), e.g. ${requestText(f.probe.send)} (detail ${f.probe.detail}, x-request-id ${f.requestId})\n   answer: ${answer}`;
      });
      throw new Error(`${faults.size} distinct fault(s) in ${n} requests:\n${listed.join('\n')}`);
    }
  }

  it(
    'answers ids out of range or malformed, Ints at their ends and unit codes in both spellings, in every ID and Int argument of the schema, without a fault',
    async () => {
      const schema = api.app.get(GraphQLSchemaHost).schema;
      // every role in a county (files, reports, users), and the province's administrator (the catalogue, webhooks)
      const county = `Bearer ${await api.tokenFor([Role.ADMIN, Role.CLERK, Role.APPROVER], '520102', 'fuzz-county-all')}`;
      const probes = schemaProbes(schema, [county, T.admin]);
      // the walk reaches every ID argument the issue names
      const reached = new Set(probes.map((p) => p.what.replace(/\(.*$/, '')));
      for (const f of ['disableUser', 'enableUser', 'resetPassword', 'updateUser', 'revokeApiKey', 'setApiKeyQuota', 'importJob', 'notifications', 'markNotificationsRead', 'childFile', 'childAccessLog', 'updateChild', 'unit', 'units']) expect(reached).toContain(f);
      await runAll('schema', probes);
    },
    300_000,
  );

  // previewTreeChange and applyTreeChange (MERGE of one unit in both spellings, a SPLIT given one village twice):
  // their faults are the tree-change logic's, fixed there; this test passes once they are
  it(
    'answers hostile codes and one unit in two spellings in every kind of tree change without a fault',
    async () => {
      const county = `Bearer ${await api.tokenFor([Role.ADMIN], '520102', 'fuzz-county-tree-admin')}`;
      await runAll('tree', treeChangeProbes(county));
    },
    180_000,
  );
});
