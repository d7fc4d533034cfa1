import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainError } from '@carenet/core';

/**
 * Domain errors are answers, not faults: hand them to the error formatter
 * as they are, without Nest logging each one as an unhandled exception.
 */
@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: DomainError): DomainError {
    return error;
  }
}
