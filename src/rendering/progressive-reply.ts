/**
 * One streaming design for both platforms: an answer grows in one platform message that is edited at most once per
 * `minIntervalMs`, never with two calls in flight. A rate limit (429) on a call postpones the next try (by the
 * retry-after the error carries) instead of failing the answer; any other failure stops the streaming and the finished
 * text goes out as a single final message. Splitting long texts stays with the adapter: `finish` fills this message
 * and hands back the overflow for the adapter to post as follow-up messages.
 */
import { cutMarkdown } from "./split-markdown.js";

export interface RateLimit {
  retryAfterMs: number;
}

export interface ProgressiveReplyOptions {
  /** Minimum time between two calls of send/edit (Slack chat.update and Discord edits: about 1,000 ms). */
  minIntervalMs: number;
  /** Most characters one platform message may hold, measured on the rendered text. */
  maxLength: number;
  /** Turns Markdown from the engine into the platform's format (mrkdwn, Discord markdown). */
  render(text: string): string;
  /** Posts the first message (called once, at the first flush). */
  send(first: string): Promise<void>;
  /** Replaces the text of the message posted by `send`. */
  edit(text: string): Promise<void>;
  /**
   * Whether an error from send/edit is a rate limit, and for how long to wait. Default: `readRateLimit`
   * (status or statusCode 429, Slack's rate-limited error code; retry-after from the error when it has one).
   */
  rateLimitOf?: (error: unknown) => RateLimit | null;
  /** Told about every rate limit met (for logging). */
  onRateLimited?: (rateLimit: RateLimit) => void;
  /** Told once when streaming stops for a reason other than a rate limit; the final text is still delivered. */
  onStreamingFailed?: (error: unknown) => void;
  /** How the finished text is cut when it renders longer than maxLength. Default: `cutMarkdown`. */
  split?: (text: string, fits: (head: string) => boolean) => { head: string; overflow: string };
  /** Tries of the final send/edit when rate limited before giving up on editing. Default 3. */
  finalAttempts?: number;
}

export interface ProgressiveReply {
  /** Adds a piece of the answer; a flush follows within minIntervalMs. Ignored after finish. */
  append(delta: string): void;
  /**
   * Shows the finished text (it may differ from the streamed deltas), waiting for a call in flight and for a
   * rate limit to pass. When the text renders longer than maxLength the message gets the head and `overflow` holds
   * the rest (raw, not rendered) for the adapter to split and post. Rejects only when nothing could be posted.
   */
  finish(finalText: string): Promise<{ overflow: string }>;
}

const ellipsis = " …";

export function createProgressiveReply(options: ProgressiveReplyOptions): ProgressiveReply {
  const rateLimitOf = options.rateLimitOf ?? readRateLimit;
  const split = options.split ?? cutMarkdown;
  let text = "";
  let shown: string | null = null;
  let started = false;
  let streamingFailed = false;
  let finished = false;
  let lastCallAt = Number.NEGATIVE_INFINITY;
  let blockedUntil = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | null = null;

  const fits = (head: string) => options.render(head).length <= options.maxLength;

  function previewOf(current: string): string {
    if (fits(current)) return options.render(current);
    const { head } = split(current, (candidate) => fits(`${candidate}${ellipsis}`));
    return `${options.render(head)}${ellipsis}`;
  }

  async function call(content: string): Promise<void> {
    lastCallAt = Date.now();
    if (started) {
      await options.edit(content);
    } else {
      await options.send(content);
      started = true;
    }
    shown = content;
  }

  function scheduleFlush(): void {
    if (timer !== undefined || inFlight !== null || finished || streamingFailed) return;
    const now = Date.now();
    const wait = Math.max(0, lastCallAt + options.minIntervalMs - now, blockedUntil - now);
    timer = setTimeout(() => {
      timer = undefined;
      inFlight = flushPreview().finally(() => {
        inFlight = null;
        if (!finished && text.trim() !== "" && previewOf(text) !== shown) scheduleFlush();
      });
    }, wait);
  }

  async function flushPreview(): Promise<void> {
    if (finished || streamingFailed || text.trim() === "") return;
    const content = previewOf(text);
    if (content === shown) return;
    try {
      await call(content);
    } catch (error) {
      const rateLimit = rateLimitOf(error);
      if (rateLimit === null) {
        streamingFailed = true;
        options.onStreamingFailed?.(error);
        return;
      }
      blockedUntil = Date.now() + rateLimit.retryAfterMs;
      options.onRateLimited?.(rateLimit);
    }
  }

  async function deliverFinal(content: string): Promise<void> {
    const attempts = options.finalAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      const wait = Math.max(blockedUntil, lastCallAt + options.minIntervalMs) - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        if (content !== shown) await call(content);
        return;
      } catch (error) {
        const rateLimit = rateLimitOf(error);
        if (rateLimit === null || attempt >= attempts) {
          if (!started) throw error;
          options.onStreamingFailed?.(error);
          break;
        }
        blockedUntil = Date.now() + rateLimit.retryAfterMs;
        options.onRateLimited?.(rateLimit);
      }
    }
    // Editing does not work: the finished text as a single new message.
    await options.send(content);
    shown = content;
  }

  return {
    append(delta) {
      if (finished || delta === "") return;
      text += delta;
      scheduleFlush();
    },
    async finish(finalText) {
      finished = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (inFlight !== null) await inFlight;
      const { head, overflow } = fits(finalText) ? { head: finalText, overflow: "" } : split(finalText, fits);
      await deliverFinal(options.render(head));
      return { overflow };
    },
  };
}

/** Reads a rate limit from the errors of Slack's Web API client, discord.js REST and plain HTTP errors. */
export function readRateLimit(error: unknown): RateLimit | null {
  if (typeof error !== "object" || error === null) return null;
  const fields = error as Record<string, unknown>;
  const limited =
    fields.status === 429 || fields.statusCode === 429 || fields.code === "slack_webapi_rate_limited_error";
  if (!limited) return null;
  if (typeof fields.retryAfterMs === "number") return { retryAfterMs: fields.retryAfterMs };
  // Slack's WebAPIRateLimitedError carries retryAfter in seconds, like the HTTP Retry-After header.
  if (typeof fields.retryAfter === "number") return { retryAfterMs: fields.retryAfter * 1000 };
  const headers = fields.headers as Record<string, unknown> | undefined;
  const header = Number(headers?.["retry-after"]);
  return { retryAfterMs: Number.isFinite(header) && header > 0 ? header * 1000 : 1000 };
}
