/** Runs `work` on every item with at most `limit` at a time; returns the failures (the rest ran). */
export async function forEachLimit<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<{ item: T; error: Error }[]> {
  const failures: { item: T; error: Error }[] = [];
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (e) {
        failures.push({ item, error: e as Error });
      }
    }
  });
  await Promise.all(runners);
  return failures;
}
