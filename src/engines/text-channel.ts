/**
 * Turns callbacks (node-llama-cpp's onTextChunk) into an async iterable: pushed text is buffered until read,
 * and end(error) finishes the iteration, throwing the error if there is one.
 */
export interface TextChannel extends AsyncIterable<string> {
  push(text: string): void;
  end(error?: unknown): void;
}

export function createTextChannel(): TextChannel {
  const pending: string[] = [];
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  return {
    push(text) {
      pending.push(text);
      notify();
    },
    end(error) {
      ended = true;
      failure = error;
      notify();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const text = pending.shift();
        if (text !== undefined) {
          yield text;
          continue;
        }
        if (ended) {
          if (failure !== undefined) throw failure;
          return;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
  };
}
