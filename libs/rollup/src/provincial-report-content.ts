/** What a version of the provincial report holds (kept as JSON, one row per version). */

export interface ExplainedWarning {
  unitCode: string;
  unitName: string;
  rule: string;
  indicators: string[];
  message: string;
  explanation: string;
}

export interface ProvincialReportRow {
  unitCode: string;
  unitName: string;
  level: string;
  values: { indicator: string; value: number }[];
  completeness: { expected: number; submitted: number; approved: number; onTime: number };
}

export interface ProvincialReportContent {
  provinceCode: string;
  provinceName: string;
  period: string;
  basis: 'APPROVED';
  builtAt: string;
  indicators: { code: string; nameZh: string; nameEn: string; unit: string; kind: string }[];
  rows: ProvincialReportRow[];
  warnings: ExplainedWarning[];
}
