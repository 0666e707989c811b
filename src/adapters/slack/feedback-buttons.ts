import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { decodeFeedbackTarget, feedbackActionIds, type SlackBlock } from "./render-answer.js";
import type { SlackContext } from "./slack-context.js";

/**
 * Helpful / Not helpful: acknowledged at once, recorded through the core (ids, user, vote, cited sources; no text),
 * then the buttons on that message are replaced by a line that shows the vote.
 */
export function registerFeedbackActions(app: App, context: SlackContext): void {
  for (const [actionId, vote] of [
    [feedbackActionIds.helpful, "helpful"],
    [feedbackActionIds.notHelpful, "not-helpful"],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, action, body, respond }) => {
      await ack();
      const target = decodeFeedbackTarget(action.value);
      if (target === null) {
        context.logger.warn({ actionId }, "feedback button without a readable value");
        return;
      }
      try {
        await context.core.recordFeedback({ platform: "slack", userId: body.user.id, vote, ...target });
      } catch (error) {
        context.logger.error({ err: error }, "could not record feedback");
        return;
      }
      const thanks =
        vote === "helpful" ? "Marked helpful. Thanks!" : "Marked not helpful. Thanks for telling me.";
      const blocks = (body.message?.blocks ?? []) as SlackBlock[];
      const voted: SlackBlock = { type: "context", elements: [{ type: "mrkdwn", text: `_${thanks}_` }] };
      const replaced = blocks.map((block) => (block.block_id === "docent_feedback" ? voted : block));
      try {
        if (body.message !== undefined) {
          await respond({ replace_original: true, text: body.message.text ?? thanks, blocks: replaced });
        } else {
          await respond({ response_type: "ephemeral", replace_original: false, text: thanks });
        }
      } catch (error) {
        context.logger.warn({ err: error }, "could not show the vote");
      }
    });
  }
}
