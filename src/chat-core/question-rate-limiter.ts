/**
 * Per-user question limit: a sliding window of one minute. Only questions that are let through count.
 * 0 questions per minute turns the limit off.
 */
export interface QuestionRateLimiter {
  /** True (and the question is counted) when the user may ask now. */
  tryTake(key: string): boolean;
}

const windowMs = 60_000;

export function createQuestionRateLimiter(questionsPerMinute: number, now = Date.now): QuestionRateLimiter {
  const asked = new Map<string, number[]>();
  return {
    tryTake(key) {
      if (questionsPerMinute <= 0) return true;
      const time = now();
      dropExpired(asked, time);
      const times = asked.get(key) ?? [];
      if (times.length >= questionsPerMinute) return false;
      times.push(time);
      asked.set(key, times);
      return true;
    },
  };
}

/** Forgets questions older than the window, and users with none left, so the map stays small. */
function dropExpired(asked: Map<string, number[]>, time: number): void {
  for (const [key, times] of asked) {
    while (times.length > 0 && (times[0] ?? 0) <= time - windowMs) times.shift();
    if (times.length === 0) asked.delete(key);
  }
}
