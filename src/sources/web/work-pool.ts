/**
 * Runs `visit` on every item of a queue that grows while it runs (a crawl finds pages as it goes), `workers` at a
 * time. The first failure stops it: the others are told through `onFailure` (which cancels their requests), and it
 * rejects with that failure once they have stopped.
 */
export async function drainQueue<Item>(
  queue: Item[],
  workers: number,
  visit: (item: Item) => Promise<void>,
  onFailure: () => void,
): Promise<void> {
  let next = 0;
  let active = 0;
  let failure: { error: unknown } | undefined;
  let waiting: Array<() => void> = [];
  const wakeAll = () => {
    const woken = waiting;
    waiting = [];
    for (const wake of woken) wake();
  };
  const work = async (): Promise<void> => {
    while (failure === undefined) {
      if (next < queue.length) {
        const item = queue[next] as Item;
        next += 1;
        active += 1;
        try {
          await visit(item);
        } catch (error) {
          if (failure === undefined) {
            failure = { error };
            onFailure();
          }
        } finally {
          active -= 1;
          wakeAll();
        }
      } else if (active === 0) {
        wakeAll();
        return;
      } else {
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, work));
  if (failure !== undefined) throw failure.error;
}
