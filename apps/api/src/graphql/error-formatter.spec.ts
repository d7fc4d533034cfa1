import { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { createLogger, InputError, InputErrorReason } from '@carenet/core';
import { createErrorFormatter } from './error-formatter.js';

const lines: Record<string, unknown>[] = [];
const logger = createLogger(
  'info',
  'api',
  new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  }),
);
const format = createErrorFormatter(logger);

/** The error as a resolver's error reaches the formatter: wrapped by GraphQL, with its path. */
function formatted(original: Error) {
  const wrapped = new GraphQLError(original.message, { path: ['disableUser'], originalError: original });
  return format({ message: wrapped.message, path: ['disableUser'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, wrapped);
}

function postgres(code: string, message: string): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code }));
}

describe('the error formatter', () => {
  it.each([
    ['22003', 'value "99999999999999999999" is out of range for type integer', 'BAD_USER_INPUT', /^a number is out of range/],
    ['22P02', 'invalid input syntax for type uuid: "x"', 'BAD_USER_INPUT', /^a value is not of the form its field takes/],
    ['23505', 'duplicate key value violates unique constraint "app_user_username_key"', 'CONFLICT', /^that already exists/],
    ['23514', 'new row violates check constraint', 'BAD_USER_INPUT', /^a value is outside what its field allows/],
  ])('answers Postgres %s as %s / UNCHECKED_INPUT, logged as a fault, without the database’s words', (pgCode, message, code, text) => {
    lines.length = 0;
    const out = formatted(postgres(pgCode, message));
    expect(out.extensions).toMatchObject({ code, reason: 'UNCHECKED_INPUT' });
    expect(out.message).toMatch(text);
    expect(out.message).not.toContain(message);
    expect(lines).toEqual([expect.objectContaining({ level: 'error', msg: 'input reached the database unchecked' })]);
  });

  it('keeps any other database error a fault (INTERNAL_SERVER_ERROR)', () => {
    const out = formatted(postgres('42703', 'column "nope" does not exist'));
    expect(out.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    expect(out.message).not.toContain('nope');
  });

  it('keeps a domain error as it is', () => {
    const out = formatted(new InputError(InputErrorReason.INVALID_ID, 'id: an id is a whole number from 1 to 2147483647, written in digits, got \'x\'', 'id'));
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_ID', field: 'id' });
  });
});
