/**
 * W4: a reported figure that differs from what the registry's files say for
 * the same unit and month (as of the month's last day). A warning, not an
 * error: the submitter explains it (a child certified after the month's end,
 * a file not yet transferred…). Only the indicators the registry answers for
 * this unit are compared; an indicator left out of the report counts as 0.
 */
import type { Violation } from '@carenet/core';

export const W4 = 'W4';

export interface IndicatorValue {
  indicator: string;
  value: number;
}

export function checkRegistryDifference(values: readonly IndicatorValue[], registryCounts: readonly IndicatorValue[]): Violation[] {
  const reported = new Map(values.map((v) => [v.indicator, v.value]));
  const out: Violation[] = [];
  for (const { indicator, value: registry } of registryCounts) {
    const report = reported.get(indicator) ?? 0;
    if (report !== registry) {
      out.push({
        rule: W4,
        field: indicator,
        indicators: [indicator],
        message: `${indicator}: the report says ${report}, the registry's files say ${registry} at the month's end; explain the difference`,
      });
    }
  }
  return out;
}
