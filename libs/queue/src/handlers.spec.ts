import { assertHandlersCover, dispatch } from './handlers.js';
import { QueueName, SystemJob, queuePrefix } from './queue-names.js';

describe('job handler registry', () => {
  it('refuses a queue whose job names lack a handler', () => {
    expect(() => assertHandlersCover(QueueName.SYSTEM, {})).toThrow(`queue 'system': no handler for job(s) ${SystemJob.HEARTBEAT}, ${SystemJob.DEADLINES}; the worker will not start`);
    expect(() => assertHandlersCover(QueueName.SYSTEM, { [SystemJob.HEARTBEAT]: async () => undefined })).toThrow(`no handler for job(s) ${SystemJob.DEADLINES};`);
  });

  it('accepts a complete set of handlers and dispatches by job name', async () => {
    const handlers = { [SystemJob.HEARTBEAT]: async (payload: unknown) => ({ ran: payload }), [SystemJob.DEADLINES]: async () => undefined };
    expect(() => assertHandlersCover(QueueName.SYSTEM, handlers)).not.toThrow();
    await expect(dispatch(QueueName.SYSTEM, handlers, { name: SystemJob.HEARTBEAT, data: { a: 1 } } as never)).resolves.toEqual({ ran: { a: 1 } });
    await expect(dispatch(QueueName.SYSTEM, handlers, { name: 'nope', data: {} } as never)).rejects.toThrow("no handler for job 'nope'");
  });

  it('puts every queue key in one Redis Cluster hash slot', () => {
    expect(queuePrefix('carenet')).toBe('{carenet}');
  });
});
