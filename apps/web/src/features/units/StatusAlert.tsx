import { Alert, Space } from 'antd';
import { useI18n, useTexts, type TextTable } from '../../app/i18n';
import { StatusTag } from '../../components/StatusTag';
import { deadlineDay } from '../../lib/period';
import type { ReportData } from './types';

const RETURN_TEXT: TextTable = {
  WRONG_FIGURES: ['数据有误', 'Wrong figures'],
  MISSING_EXPLANATION: ['缺少情况说明', 'Missing explanation'],
  INCONSISTENT_WITH_REGISTRY: ['与台账不一致', 'Inconsistent with the registry'],
  OTHER: ['其他', 'Other'],
  REOPENED: ['已撤回', 'Reopened'],
};
export const RETURN_REASONS = RETURN_TEXT;

/** The report's status, the deadline countdown (the server's deadline, once a report exists) and a returned report's reason. */
export function StatusAlert({ report }: { report: ReportData | null; level: string; period: string }) {
  const { t } = useI18n();
  const returnText = useTexts(RETURN_TEXT);
  const due = report ? Date.parse(report.dueAt) : null;
  const days = due === null ? 0 : Math.ceil((due - 1 - Date.now()) / 86_400_000);
  const done = report && ['SUBMITTED', 'APPROVED', 'EXEMPTED'].includes(report.status);
  const countdown = due === null || done ? null : days >= 0 ? t('daysLeft', { n: days }) : t('overdue', { n: -days });
  const deadlineText = report ? `${t('deadline')} ${deadlineDay(report.dueAt)}` : null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <StatusTag status={report?.status} late={report?.late} />
        {deadlineText ? <span>{deadlineText}</span> : null}
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
