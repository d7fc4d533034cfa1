import { DomainError } from '@carenet/core';
import { findingProblem, readingProblem, refusalProblem, scopeProblem, type ImportProblem } from './import-problem.js';

describe('the problems of an imported row, as a table shows them', () => {
  it.each<[string, ImportProblem]>([
    ["LEFT_BEHIND_CHILDREN: 'abc' is not a whole number", { field: 'LEFT_BEHIND_CHILDREN', rule: 'FORMAT', message: "LEFT_BEHIND_CHILDREN: 'abc' is not a whole number" }],
    ["unitCode: must be a statistical code of 2, 4, 6, 9 or 12 digits, got 'x'", { field: 'unitCode', rule: 'FORMAT', message: "unitCode: must be a statistical code of 2, 4, 6, 9 or 12 digits, got 'x'" }],
    ['the row is odd', { field: null, rule: 'FORMAT', message: 'the row is odd' }],
    ['12: starts with a number', { field: null, rule: 'FORMAT', message: '12: starts with a number' }],
  ])('read: %s', (message, expected) => expect(readingProblem(message)).toEqual(expected));

  it.each<[string, () => ImportProblem, ImportProblem]>([
    ['a unit not under the parent', () => scopeProblem('unitCode: no unit with code 520102001001 under 520103000000'), { field: 'unitCode', rule: 'SCOPE', message: 'unitCode: no unit with code 520102001001 under 520103000000' }],
    [
      'a rule about two indicators',
      () => findingProblem({ rule: 'E3', severity: 'ERROR', indicators: ['RISK_RED', 'LEFT_BEHIND_CHILDREN'], message: 'more at risk than counted (E3)' }),
      { field: 'RISK_RED, LEFT_BEHIND_CHILDREN', rule: 'E3', message: 'more at risk than counted (E3)' },
    ],
    ['a rule about the row', () => findingProblem({ rule: 'E1', severity: 'ERROR', indicators: [], message: 'm' }), { field: null, rule: 'E1', message: 'm' }],
    ['a refusal with its field', () => refusalProblem(new DomainError('CONFLICT', 'INVALID_TRANSITION', 'the report is submitted', { field: 'unitCode' })), { field: 'unitCode', rule: 'INVALID_TRANSITION', message: 'the report is submitted' }],
    ['any other error', () => refusalProblem(new Error('boom')), { field: null, rule: 'NOT_SAVED', message: 'boom' }],
  ])('%s', (_case, problem, expected) => expect(problem()).toEqual(expected));
});
