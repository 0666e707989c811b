/**
 * Waits for `work` at most `ms` milliseconds; true when it settled in time. An adapter's stop uses it so that a
 * part waiting on a lost network (a WebSocket's closing handshake, a request nobody answers) cannot hold up the
 * shutdown: what is left behind ends with the process.
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
