/**
 * Node flags of the processes `npm start` runs. The API's heap is bounded:
 * each file upload leaves tens of megabytes of garbage, and an unbounded heap
 * collects it late, so a burst of uploads grew the process past 600 MB; with
 * this bound it stays near 300 MB (`npm run soak`). CARENET_API_HEAP_MB
 * changes it.
 */
export const API_HEAP_MB = 320;

export function nodeArgsFor(app: string, env: NodeJS.ProcessEnv = process.env): string[] {
  if (app !== 'api') return [];
  const mb = Number(env.CARENET_API_HEAP_MB ?? API_HEAP_MB);
  return Number.isInteger(mb) && mb >= 128 ? [`--max-old-space-size=${mb}`] : [`--max-old-space-size=${API_HEAP_MB}`];
}
