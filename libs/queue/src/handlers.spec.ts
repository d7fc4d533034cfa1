import { flowOf } from './flows.js';
import { HandlerRegistry } from './handler-registry.js';
import { assertHandlersCover, dispatch } from './handlers.js';
import { DEFAULT_JOB_OPTIONS, ImportQueueJob, NotificationJob, ProvincialReportJob, QueueName, RollupJob, SystemJob, queuePrefix } from './queue-names.js';

const noop = async () => undefined;
const ALL_SYSTEM = { [SystemJob.HEARTBEAT]: noop, [SystemJob.DEADLINES]: noop, [SystemJob.PRUNE_OUTBOX]: noop, [SystemJob.NUMBER_FEED]: noop };

describe('job handler registry', () => {
  it('refuses a queue whose job names lack a handler', () => {
    expect(() => assertHandlersCover(QueueName.SYSTEM, {})).toThrow(
      `queue 'system': no handler for job(s) ${SystemJob.HEARTBEAT}, ${SystemJob.DEADLINES}, ${SystemJob.PRUNE_OUTBOX}, ${SystemJob.NUMBER_FEED}; the worker will not start`,
    );
    expect(() => assertHandlersCover(QueueName.SYSTEM, { ...ALL_SYSTEM, [SystemJob.DEADLINES]: undefined })).toThrow(`no handler for job(s) ${SystemJob.DEADLINES};`);
  });

  it('accepts a complete set of handlers and dispatches by job name', async () => {
    const handlers = { ...ALL_SYSTEM, [SystemJob.HEARTBEAT]: async (payload: unknown) => ({ ran: payload }) };
    expect(() => assertHandlersCover(QueueName.SYSTEM, handlers)).not.toThrow();
    await expect(dispatch(QueueName.SYSTEM, handlers, { name: SystemJob.HEARTBEAT, data: { a: 1 } } as never)).resolves.toEqual({ ran: { a: 1 } });
    await expect(dispatch(QueueName.SYSTEM, handlers, { name: 'nope', data: {} } as never)).rejects.toThrow("no handler for job 'nope'");
  });

  it('refuses to start while a queue has no processor at all', () => {
    const registry = new HandlerRegistry();
    registry.register(QueueName.SYSTEM, ALL_SYSTEM);
    registry.register(QueueName.ROLLUP, { [RollupJob.UNIT_CHANGED]: noop, [RollupJob.UNITS_CHANGED]: noop, [RollupJob.VERIFY]: noop, [RollupJob.SWEEP_PENDING]: noop });
    expect(() => registry.assertEveryQueueServed()).toThrow(`no processor for queue(s) ${QueueName.PROVINCIAL_REPORT}, ${QueueName.IMPORT}, ${QueueName.NOTIFICATIONS}; the worker will not start`);
    registry.register(QueueName.PROVINCIAL_REPORT, { [ProvincialReportJob.BUILD]: noop });
    registry.register(QueueName.IMPORT, { [ImportQueueJob.RUN]: noop, [ImportQueueJob.DIVISIONS]: noop });
    registry.register(QueueName.NOTIFICATIONS, { [NotificationJob.SCAN]: noop, [NotificationJob.DELIVER]: noop });
    expect(() => registry.assertEveryQueueServed()).not.toThrow();
  });

  it('puts every queue key in one Redis Cluster hash slot', () => {
    expect(queuePrefix('carenet')).toBe('{carenet}');
  });
});

describe('flows', () => {
  it('builds the provincial report only after verifying the province, every job id from the outbox row', () => {
    expect(flowOf(ProvincialReportJob.BUILD, { provinceId: 7, period: '2026-10', trigger: 'signed off' }, 'outbox-42')).toEqual({
      name: ProvincialReportJob.BUILD,
      queueName: QueueName.PROVINCIAL_REPORT,
      data: { provinceId: 7, period: '2026-10', trigger: 'signed off' },
      opts: { ...DEFAULT_JOB_OPTIONS, jobId: 'outbox-42' },
      children: [{ name: RollupJob.VERIFY, queueName: QueueName.ROLLUP, data: { period: '2026-10', provinceId: 7, repair: true }, opts: { ...DEFAULT_JOB_OPTIONS, jobId: 'outbox-42-verify' } }],
    });
  });

  it('sends other jobs plainly', () => {
    expect(flowOf(RollupJob.UNIT_CHANGED, { unitId: 1, period: '2026-10' }, 'outbox-1')).toBeUndefined();
  });
});
