import type { ReportFieldsFragment, UnitPageQuery } from '../../gql/graphql';

export type ReportData = ReportFieldsFragment;
export type IndicatorData = UnitPageQuery['indicators'][number];
export type UnitData = NonNullable<UnitPageQuery['unit']>;
export type Values = Record<string, number | null>;

export function valuesOf(list: readonly { indicator: string; value: number }[] | undefined | null): Values {
  const out: Values = {};
  for (const v of list ?? []) out[v.indicator] = v.value;
  return out;
}
