/**
 * One problem of one imported row, as a table shows it: the column or
 * indicator it is about, the rule, and the sentence for the clerk. Pure.
 */
import { DomainError } from '@carenet/core';
import type { RuleFinding } from './violation.js';

export interface ImportProblem {
  /** The column (unitCode) or indicator code(s) the problem is about; null when it is about the row as a whole. */
  field: string | null;
  /** FORMAT (a cell that cannot be read), SCOPE (a unit not under the parent or not the clerk's), E1–E4, or the refusal's reason. */
  rule: string;
  message: string;
}

/** A problem the file reader found ("LEFT_BEHIND_CHILDREN: 'abc' is not a whole number"): its column, rule FORMAT. */
export function readingProblem(message: string): ImportProblem {
  const field = /^([A-Za-z][A-Za-z0-9_]*): /.exec(message)?.[1] ?? null;
  return { field, rule: 'FORMAT', message };
}

/** A unit the row may not name. */
export function scopeProblem(message: string): ImportProblem {
  return { field: 'unitCode', rule: 'SCOPE', message };
}

/** A validation rule the row's figures break. */
export function findingProblem(f: RuleFinding): ImportProblem {
  return { field: f.indicators.length ? f.indicators.join(', ') : null, rule: f.rule, message: f.message };
}

/** A refusal while checking or saving the row: the domain error's field and reason. */
export function refusalProblem(e: unknown): ImportProblem {
  if (e instanceof DomainError) return { field: typeof e.details.field === 'string' ? e.details.field : null, rule: e.reason, message: e.message };
  return { field: null, rule: 'NOT_SAVED', message: (e as Error).message };
}
