import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { QueryFailedError } from 'typeorm';
import pg from 'pg';
import { DomainError, currentRequestContext, type Logger } from '@carenet/core';

/** The codes clients may see (docs/api.md). Anything else is reported as one of these. */
const CLIENT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
]);

/** Apollo's own codes for a request that is not a valid operation. */
const REQUEST_ERROR_CODES: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: 'INVALID_QUERY',
  GRAPHQL_VALIDATION_FAILED: 'INVALID_QUERY',
  BAD_USER_INPUT: 'INVALID_ARGUMENT',
  BAD_REQUEST: 'INVALID_REQUEST',
  OPERATION_RESOLUTION_FAILURE: 'INVALID_QUERY',
  PERSISTED_QUERY_NOT_FOUND: 'INVALID_REQUEST',
  PERSISTED_QUERY_NOT_SUPPORTED: 'INVALID_REQUEST',
};

/**
 * Postgres refusing a value: what input that was never checked looks like
 * when it reaches a statement. The client gets a client error rather than a
 * fault, with a reason that says the value was not checked where it came in
 * (the hostile-input suite counts these as faults to fix), and the error is
 * logged as one, with the request id: the fix is to check the input, not to
 * rely on this.
 */
const UNCHECKED_INPUT: Record<string, { code: 'BAD_USER_INPUT' | 'CONFLICT'; message: string }> = {
  '22001': { code: 'BAD_USER_INPUT', message: 'a value is longer than its field allows' },
  '22003': { code: 'BAD_USER_INPUT', message: 'a number is out of range for what it names' },
  '22007': { code: 'BAD_USER_INPUT', message: 'a date or time is not of the right form' },
  '22008': { code: 'BAD_USER_INPUT', message: 'a date or time is out of range' },
  '22P02': { code: 'BAD_USER_INPUT', message: 'a value is not of the form its field takes' },
  '23505': { code: 'CONFLICT', message: 'that already exists' },
  '23514': { code: 'BAD_USER_INPUT', message: 'a value is outside what its field allows' },
};

function postgresCode(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) return (error.driverError as { code?: string } | undefined)?.code;
  if (error instanceof pg.DatabaseError) return error.code;
  return undefined;
}

const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P03', '53300']);

function isUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; driverError?: { code?: string }; thrownValue?: { code?: string } } | undefined;
  if (!e) return false;
  if (e.code && UNAVAILABLE_ERRNOS.has(e.code)) return true;
  if (e.driverError?.code && UNAVAILABLE_ERRNOS.has(e.driverError.code)) return true;
  // the pg pool rejects with a plain object on a refused connection; GraphQL wraps it as NonErrorThrown
  if (e.thrownValue?.code && UNAVAILABLE_ERRNOS.has(e.thrownValue.code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Connection is closed|MaxRetriesPerRequest|enableOfflineQueue|Stream isn't writeable|ECONNREFUSED/i.test(e.message ?? '');
}

/**
 * The one place where errors become `extensions.code` and `extensions.reason`.
 * Domain errors keep their message; request errors (parse, validation, bad
 * variables) are BAD_USER_INPUT; anything unexpected is logged with the
 * request id and answered with a generic message naming that id; Postgres
 * refusing a value (out of range, malformed, a duplicate) is answered as the
 * client error it is, reason UNCHECKED_INPUT, and logged as a fault.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

    if (original instanceof DomainError) {
      return { ...base, message: original.message, extensions: { code: original.category, reason: original.reason, ...original.details } };
    }

    const code = String(formatted.extensions?.code ?? '');
    if (original instanceof GraphQLError) {
      if (code in REQUEST_ERROR_CODES) {
        return { ...base, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT', reason: formatted.extensions?.reason ?? REQUEST_ERROR_CODES[code] } };
      }
      if (CLIENT_CODES.has(code) && code !== 'INTERNAL_SERVER_ERROR') {
        return { ...base, extensions: { ...formatted.extensions, code } };
      }
      // raised by GraphQL itself about the request (an unsupported operation type, a mismatched persisted query…), not by our code
      if (!original.originalError) {
        return { ...base, extensions: { code: 'BAD_USER_INPUT', reason: String(formatted.extensions?.reason ?? 'INVALID_REQUEST') } };
      }
    }

    const requestId = currentRequestContext()?.requestId;
    if (isUnavailable(original) || (original instanceof QueryFailedError && isUnavailable(original.driverError))) {
      logger.warn({ err: original, requestId }, 'a backing service is unavailable');
      return { ...base, message: 'A backing service is unavailable; try again shortly', extensions: { code: 'UNAVAILABLE', reason: 'SERVICE_UNAVAILABLE', requestId } };
    }
    const unchecked = UNCHECKED_INPUT[postgresCode(original) ?? ''];
    if (unchecked) {
      logger.error({ err: original, requestId, path: formatted.path }, 'input reached the database unchecked');
      return {
        ...base,
        message: `${unchecked.message} (the value was not checked before it reached the database; quote request id ${requestId ?? 'unknown'} when reporting it)`,
        extensions: { code: unchecked.code, reason: 'UNCHECKED_INPUT', requestId },
      };
    }
    logger.error({ err: original, requestId, path: formatted.path }, 'unexpected error');
    return {
      ...base,
      message: `Internal server error; quote request id ${requestId ?? 'unknown'} when reporting it`,
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
    };
  };
}
