import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Button, Card, Form, Progress, Radio, Space, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useClient, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ImportFormat, ImportMode } from '../../gql/graphql';
import { useI18n } from '../../app/i18n';
import { useSession } from '../../app/session';
import { problemOf } from '../../lib/client';

const TemplateDocument = graphql(`
  query ImportPageTemplate($parentCode: ID!, $format: ImportFormat!) {
    importTemplate(parentCode: $parentCode, format: $format) {
      filename
      contentBase64
    }
  }
`);

const StartDocument = graphql(`
  mutation ImportPageStart($input: ImportReportsInput!) {
    startReportImport(input: $input) {
      id
      status
    }
  }
`);

const JobDocument = graphql(`
  query ImportPageJob($id: ID!) {
    importJob(id: $id) {
      id
      status
      mode
      rowsTotal
      rowsDone
      error
      reportResult {
        saved
        failed
        rows {
          row
          unitCode
          outcome
          issues {
            field
            rule
            message
          }
        }
      }
    }
  }
`);

const POLL_MS = 1000;
const ENDED = ['DONE', 'FAILED'];

/** The file's bytes as base64, without the data: URL prefix. */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

function download(filename: string, contentBase64: string): void {
  const bytes = Uint8Array.from(atob(contentBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes]));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function formatOf(name: string): ImportFormat | null {
  const lower = name.toLowerCase();
  return lower.endsWith('.csv') ? 'CSV' : lower.endsWith('.xlsx') ? 'XLSX' : null;
}

/**
 * Bulk entry of a month's figures for the units below: download the
 * template, upload the filled file, follow the import job to its end, read
 * each row's problems.
 */
export default function ImportPage() {
  const { period = '' } = useParams();
  const { viewer } = useSession();
  const { t, reason, rule } = useI18n();
  const client = useClient();
  const parentCode = viewer!.unit.code;
  const [format, setFormat] = useState<ImportFormat>('XLSX');
  const [mode, setMode] = useState<ImportMode>('VALID_ROWS');
  const [file, setFile] = useState<UploadFile | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  const [{ data }, poll] = useQuery({ query: JobDocument, variables: { id: jobId ?? '' }, pause: !jobId, requestPolicy: 'network-only' });
  const job = jobId && data?.importJob?.id === jobId ? data.importJob : null;
  const running = !!jobId && !ENDED.includes(job?.status ?? 'QUEUED');
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => poll({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearInterval(timer);
  }, [running, poll]);

  const getTemplate = async (f: ImportFormat) => {
    setProblem(null);
    const res = await client.query(TemplateDocument, { parentCode, format: f }, { requestPolicy: 'network-only' }).toPromise();
    const p = problemOf(res.error);
    if (p) setProblem(reason(p.reason, p.message));
    else if (res.data) download(res.data.importTemplate.filename, res.data.importTemplate.contentBase64);
  };

  const start = async () => {
    if (!file?.originFileObj) return;
    setBusy(true);
    setProblem(null);
    try {
      const fileBase64 = await readBase64(file.originFileObj);
      const res = await client.mutation(StartDocument, { input: { parentCode, period, format, mode, fileBase64 } }).toPromise();
      const p = problemOf(res.error);
      const head = p ? reason(p.reason, p.message) : '';
      if (p) setProblem(head === p.message ? head : `${head}：${p.message}`);
      else if (res.data) setJobId(res.data.startReportImport.id);
    } catch (e) {
      setProblem((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setJobId(null);
    setFile(null);
  };

  const result = job?.reportResult ?? null;
  const problems = (result?.rows ?? []).flatMap((r) => r.issues.map((i, n) => ({ key: `${r.row}-${n}`, row: r.row, unitCode: r.unitCode, ...i })));
  const notSaved = (result?.rows ?? []).filter((r) => r.outcome === 'NOT_SAVED').length;
  const percent = job?.rowsTotal ? Math.floor((100 * job.rowsDone) / job.rowsTotal) : job?.status === 'DONE' ? 100 : 0;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('import')}
      </Typography.Title>
      <Typography.Text>{t('importInto', { unit: `${viewer!.unit.name} ${parentCode}`, period })}</Typography.Text>
      <Typography.Text type="secondary">{t('importHint')}</Typography.Text>
      {problem ? <Alert type="error" showIcon title={problem} closable onClose={() => setProblem(null)} /> : null}

      <Card size="small" title={t('template')}>
        <Space>
          <Button onClick={() => void getTemplate('XLSX')}>{t('template')} (XLSX)</Button>
          <Button onClick={() => void getTemplate('CSV')}>{t('template')} (CSV)</Button>
        </Space>
      </Card>

      {!jobId ? (
        <Card size="small" title={t('importFile')}>
          <Form layout="vertical" onFinish={() => void start()}>
            <Form.Item label={t('chooseFile')}>
              <Upload
                accept=".csv,.xlsx"
                maxCount={1}
                fileList={file ? [file] : []}
                beforeUpload={() => false}
                onChange={({ fileList }) => {
                  const f = fileList[fileList.length - 1] ?? null;
                  setFile(f);
                  const detected = f ? formatOf(f.name) : null;
                  if (detected) setFormat(detected);
                }}
              >
                <Button>{t('chooseFile')}</Button>
              </Upload>
            </Form.Item>
            <Form.Item label={t('fileFormat')}>
              <Radio.Group value={format} onChange={(e) => setFormat(e.target.value as ImportFormat)} aria-label={t('fileFormat')}>
                <Radio value="XLSX">XLSX</Radio>
                <Radio value="CSV">CSV</Radio>
              </Radio.Group>
            </Form.Item>
            <Form.Item label={t('importMode')}>
              <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as ImportMode)} aria-label={t('importMode')}>
                <Radio value="VALID_ROWS">{t('modeValidRows')}</Radio>
                <Radio value="ALL_OR_NOTHING">{t('modeAllOrNothing')}</Radio>
              </Radio.Group>
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} disabled={!file}>
              {t('startImport')}
            </Button>
          </Form>
        </Card>
      ) : (
        <Card size="small" title={t(`import${job?.status ?? 'QUEUED'}` as 'importQUEUED')}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Progress
              percent={percent}
              status={job?.status === 'FAILED' ? 'exception' : job?.status === 'DONE' ? 'success' : 'active'}
              aria-label={t('importProgress')}
            />
            <Typography.Text>{job?.rowsTotal != null ? t('rowsProgress', { done: job.rowsDone, total: job.rowsTotal }) : t('rowsReading')}</Typography.Text>
            {job?.status === 'FAILED' ? <Alert type="error" showIcon title={t('importFAILED')} description={job.error} /> : null}
            {result ? (
              <Space wrap>
                <Tag color="success">{t('savedRows', { n: result.saved })}</Tag>
                <Tag color={result.failed ? 'error' : 'default'}>{t('failedRows', { n: result.failed })}</Tag>
                {notSaved ? <Tag color="warning">{t('notSavedRows', { n: notSaved })}</Tag> : null}
              </Space>
            ) : null}
            {!running ? <Button onClick={again}>{t('importAgain')}</Button> : null}
          </Space>
        </Card>
      )}

      {result ? (
        <Card size="small" title={t('problems')}>
          <Table
            size="small"
            rowKey="key"
            dataSource={problems}
            locale={{ emptyText: t('noProblems') }}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={[
              { title: t('row'), dataIndex: 'row', width: 80 },
              { title: t('unitCode'), dataIndex: 'unitCode', width: 150 },
              { title: t('fieldOrIndicator'), dataIndex: 'field', render: (f: string | null) => f ?? '—' },
              {
                title: t('rule'),
                dataIndex: 'rule',
                width: 140,
                render: (r: string) => <Tag>{r}</Tag>,
              },
              {
                title: t('problem'),
                dataIndex: 'message',
                // the rule's text in the reader's language; the server's sentence (in English, naming the cell) on hover
                render: (m: string, p: { rule: string }) => (
                  <Tooltip title={m}>
                    <span>{rule(p.rule, m)}</span>
                  </Tooltip>
                ),
              },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}
