import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import { Kind, type FieldNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Actor } from '@carenet/core';
import type { GqlContext } from './context.js';

/**
 * What an answer may be kept for: the statistics of a unit's month (read from
 * the rollups, completeness and the tree only, and depending on no one but
 * the caller's scope), and within them only these fields, each listed under
 * the field it belongs to. Anything else in the operation (another root field,
 * a fragment, a directive, a unit's report or children) and it is not kept.
 */
const CACHEABLE_SELECTIONS: Record<string, ReadonlySet<string>> = {
  '': new Set(['stats', 'statsBreakdown']),
  stats: new Set(['values', 'completeness', 'unit', 'period', 'basis', '__typename']),
  statsBreakdown: new Set(['values', 'completeness', 'unit', 'period', 'basis', '__typename']),
  values: new Set(['indicator', 'value', '__typename']),
  completeness: new Set(['expected', 'submitted', 'approved', 'onTime', '__typename']),
  unit: new Set(['id', 'code', 'name', 'level', 'depth', '__typename']),
};

/** Answers kept per API process (each a few kilobytes; the oldest goes first). */
export const RESPONSE_CACHE_ENTRIES = 2_000;

/** Everything an answer may depend on about the caller: what kind, with which roles, where, and which units it continues. */
export function scopeOf(actor: Actor): string {
  return `${actor.kind}|${[...actor.roles].sort().join(',')}|${actor.unitPathIds.join('.')}|${(actor.lineageUnitIds ?? []).join('.')}`;
}

function selectionsAllowed(parent: string, set: SelectionSetNode): boolean {
  const allowed = CACHEABLE_SELECTIONS[parent];
  return set.selections.every(
    (s) => s.kind === Kind.FIELD && allowed?.has(s.name.value) === true && !s.directives?.length && (!s.selectionSet || selectionsAllowed(s.name.value, s.selectionSet)),
  );
}

/**
 * The units' months an operation asks about ({ unitCode, period } of each root field), or undefined when
 * it is not one whose answer may be kept.
 */
export function cacheableUnitMonths(operation: OperationDefinitionNode | undefined, variables: Record<string, unknown> | undefined): { unitCode: string; period: string }[] | undefined {
  if (!operation || operation.operation !== 'query' || !operation.selectionSet.selections.length || !selectionsAllowed('', operation.selectionSet)) return undefined;
  const months: { unitCode: string; period: string }[] = [];
  for (const field of operation.selectionSet.selections as FieldNode[]) {
    const arg = (name: string): unknown => {
      const value = field.arguments?.find((a) => a.name.value === name)?.value;
      if (!value) return undefined;
      if (value.kind === Kind.VARIABLE) return variables?.[value.name.value];
      return value.kind === Kind.STRING || value.kind === Kind.INT ? value.value : undefined;
    };
    const unitCode = arg('unitCode');
    const period = arg('period');
    if (typeof unitCode !== 'string' || typeof period !== 'string') return undefined;
    months.push({ unitCode, period });
  }
  return months;
}

interface Entry {
  version: string;
  data: Record<string, unknown>;
}

/**
 * The JSON text of kept answers' data, made the first time one is sent: the
 * answer's object is the same for every request given it (never changed
 * after it is kept), so its text is too.
 */
const keptDataText = new WeakMap<object, string>();
const KEPT = '';

/**
 * Apollo's `stringifyResult`: the same text as its own (`JSON.stringify(result)`
 * and a new line), reusing the text of a kept answer's data; the province
 * dashboard's answer is some 20 kB, and writing it again was the largest
 * share of a cached answer's CPU.
 */
export function stringifyResult(result: FormattedExecutionResult): string {
  const data = result.data;
  const kept = data && result.errors === undefined ? keptDataText.get(data) : undefined;
  if (kept === undefined) return `${JSON.stringify(result)}\n`;
  let text = kept;
  if (text === KEPT) keptDataText.set(data!, (text = JSON.stringify(data)));
  return result.extensions === undefined ? `{"data":${text}}\n` : `{"data":${text},"extensions":${JSON.stringify(result.extensions)}}\n`;
}

/**
 * The statistics' answers, kept by query, variables and the caller's scope,
 * each with the version of the units' months it was built at (`version`: read
 * before the answer is built, and again for each request; see DataVersion).
 * An answer is given again only while that version has not moved, so never
 * after a commit (a rollup, a rename) it does not include. Answers with
 * errors are not kept.
 */
export function responseCachePlugin(opts: { version(unitCode: string, period: string): Promise<string> | undefined; entries?: number }): ApolloServerPlugin<GqlContext> {
  const entries = new Map<string, Entry>();
  const max = opts.entries ?? RESPONSE_CACHE_ENTRIES;
  return {
    async requestDidStart() {
      let key: string | undefined;
      let version: string | undefined;
      return {
        async responseForOperation(rc) {
          const actor = rc.contextValue.actor;
          if (!actor || rc.contextValue.authError) return null;
          const months = cacheableUnitMonths(rc.operation, rc.request.variables);
          const distinct = months && [...new Map(months.map((m) => [`${m.unitCode}|${m.period}`, m])).values()];
          const reads = distinct?.map((m) => opts.version(m.unitCode, m.period));
          if (!reads?.length || reads.some((r) => r === undefined)) return null;
          key = createHash('sha256')
            .update(rc.source ?? '')
            .update('\u0000')
            .update(rc.operationName ?? '')
            .update('\u0000')
            .update(JSON.stringify(rc.request.variables ?? {}))
            .update('\u0000')
            .update(scopeOf(actor))
            .digest('base64');
          version = (await Promise.all(reads)).join('/');
          const hit = entries.get(key);
          if (!hit || hit.version !== version) return null;
          return { http: rc.response.http, body: { kind: 'single', singleResult: { data: hit.data } } };
        },
        async willSendResponse(rc: GraphQLRequestContext<GqlContext>) {
          if (key === undefined || version === undefined) return;
          const body = rc.response.body;
          if (body?.kind !== 'single') return;
          const { data, errors } = body.singleResult;
          if (errors?.length || !data) return;
          const hit = entries.get(key);
          if (hit?.version === version && hit.data === data) return;
          entries.delete(key);
          if (entries.size >= max) entries.delete(entries.keys().next().value!);
          entries.set(key, { version, data });
          if (!keptDataText.has(data)) keptDataText.set(data, KEPT);
        },
      };
    },
  };
}
