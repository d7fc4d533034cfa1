/** One step of a story told in one test: a failure names the step. */
export async function step(name: string, work: () => void | Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    if (e instanceof Error) e.message = `step "${name}": ${e.message}`;
    throw e;
  }
}
