import type { FlowJob } from 'bullmq';
import { DEFAULT_JOB_OPTIONS, ProvincialReportJob, QueueName, RollupJob, type JobName, type JobPayloads } from './queue-names.js';

/**
 * Jobs that run as a flow (a parent that waits for its children), declared
 * beside the queue names. A job without a flow here is added to its queue
 * plainly. `id` makes every job id of the flow derive from the outbox row.
 */
export const FLOWS: { [N in JobName]?: (data: JobPayloads[N], id: string) => FlowJob } = {
  // the provincial report: verify (and repair) the province's rollups first; the snapshot runs when that is done
  [ProvincialReportJob.BUILD]: (data, id) => ({
    name: ProvincialReportJob.BUILD,
    queueName: QueueName.PROVINCIAL_REPORT,
    data,
    opts: { ...DEFAULT_JOB_OPTIONS, jobId: id },
    children: [
      {
        name: RollupJob.VERIFY,
        queueName: QueueName.ROLLUP,
        data: { period: data.period, provinceId: data.provinceId, repair: true } satisfies JobPayloads[RollupJob.VERIFY],
        opts: { ...DEFAULT_JOB_OPTIONS, jobId: `${id}-verify` },
      },
    ],
  }),
};

export function flowOf<N extends JobName>(name: N, data: JobPayloads[N], id: string): FlowJob | undefined {
  const build = FLOWS[name] as ((d: JobPayloads[N], id: string) => FlowJob) | undefined;
  return build?.(data, id);
}
