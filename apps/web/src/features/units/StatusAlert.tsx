import { Alert, Space } from 'antd';
import { useI18n, useTexts, type TextTable } from '../../app/i18n';
import { StatusTag } from '../../components/StatusTag';
import { deadlineOf, type Level } from '../../lib/period';
import type { ReportData } from './types';

const RETURN_TEXT: TextTable = {
  WRONG_FIGURES: ['数据有误', 'Wrong figures'],
  MISSING_EXPLANATION: ['缺少情况说明', 'Missing explanation'],
  INCONSISTENT_WITH_REGISTRY: ['与台账不一致', 'Inconsistent with the registry'],
  OTHER: ['其他', 'Other'],
  REOPENED: ['已撤回', 'Reopened'],
};
export const RETURN_REASONS = RETURN_TEXT;

/** The report's status, the deadline countdown and a returned report's reason. */
export function StatusAlert({ report, level, period }: { report: ReportData | null; level: string; period: string }) {
  const { t } = useI18n();
  const returnText = useTexts(RETURN_TEXT);
  const deadline = deadlineOf(period, level as Level);
  const days = Math.ceil((deadline.getTime() - Date.now()) / 86_400_000);
  const done = report && ['SUBMITTED', 'APPROVED', 'EXEMPTED'].includes(report.status);
  const countdown = done ? null : days >= 0 ? t('daysLeft', { n: days }) : t('overdue', { n: -days });
  const deadlineText = `${t('deadline')} ${deadline.toISOString().slice(0, 10)}`;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <StatusTag status={report?.status} late={report?.late} />
        <span>{deadlineText}</span>
        {countdown ? <strong style={{ color: days < 0 ? '#cf1322' : days <= 2 ? '#d46b08' : undefined }}>{countdown}</strong> : null}
        {report ? <span>{t('version')} {report.version}</span> : null}
      </Space>
      {report?.status === 'RETURNED' ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={`${t('returned')}：${returnText(report.returnReason ?? 'OTHER')}`}
          description={report.returnComment}
        />
      ) : null}
    </Space>
  );
}
