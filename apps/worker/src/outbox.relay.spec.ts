import { ImportQueueJob, RollupJob, type OutboxRow } from '@carenet/queue';
import { batchJobId, unitChangesTogether } from './outbox.relay.js';

const change = (id: number, unitId: number, period = '2026-10'): OutboxRow => ({ id, topic: RollupJob.UNIT_CHANGED, payload: { unitId, period } });

describe('unitChangesTogether', () => {
  it.each([
    { name: 'a single change stays a one-unit job', rows: [change(1, 7)], jobs: [['outbox-1', RollupJob.UNIT_CHANGED, { unitId: 7, period: '2026-10' }]] },
    {
      name: 'the changes of a month become one job naming its first and last rows, each unit once',
      rows: [change(1, 7), change(2, 8), change(3, 7)],
      jobs: [[expect.stringMatching(/^outbox-1-3-[0-9a-f]{16}$/), RollupJob.UNITS_CHANGED, { unitIds: [7, 8], period: '2026-10' }]],
    },
    {
      name: 'months apart',
      rows: [change(1, 7), change(2, 8, '2026-09'), change(3, 9)],
      jobs: [
        [expect.stringMatching(/^outbox-1-3-[0-9a-f]{16}$/), RollupJob.UNITS_CHANGED, { unitIds: [7, 9], period: '2026-10' }],
        ['outbox-2', RollupJob.UNIT_CHANGED, { unitId: 8, period: '2026-09' }],
      ],
    },
    {
      name: 'other jobs keep their own',
      rows: [{ id: 4, topic: ImportQueueJob.RUN, payload: { importJobId: 'x' } }, change(5, 7)],
      jobs: [
        ['outbox-4', ImportQueueJob.RUN, { importJobId: 'x' }],
        ['outbox-5', RollupJob.UNIT_CHANGED, { unitId: 7, period: '2026-10' }],
      ],
    },
  ])('$name', ({ rows, jobs }) => {
    expect(unitChangesTogether(rows).map((j) => [j.jobId, j.row.topic, j.row.payload])).toEqual(jobs);
  });
});

describe('batchJobId', () => {
  const rows = (...ids: number[]) => ids.map((id) => change(id, id));
  it.each([
    { name: 'the same rows are the same job', a: rows(1, 2, 4), b: rows(1, 2, 4), same: true },
    // sent again after its mark failed, a batch can hold a row that committed late, between the same first and last
    { name: 'a row more between the same first and last is another job', a: rows(1, 2, 4), b: rows(1, 2, 3, 4), same: false },
    { name: 'other rows between the same first and last are another job', a: rows(1, 2, 4), b: rows(1, 3, 4), same: false },
  ])('$name', ({ a, b, same }) => {
    expect(batchJobId(a) === batchJobId(b)).toBe(same);
  });
});
