import {
  ApplicationIntegrationType,
  InteractionContextType,
  type REST,
  Routes,
  SlashCommandBuilder,
} from "discord.js";
import { DocentError } from "../../errors.js";
import type { Logger } from "../../logging/logger.js";

/**
 * /ask, /status and /reindex. Registered at every start (a bulk overwrite, so renamed or removed commands go away):
 * to the listed guilds, where they appear at once, or globally.
 */
export function buildSlashCommands() {
  const contexts = [InteractionContextType.Guild, InteractionContextType.BotDM];
  const base = (name: string, description: string) =>
    new SlashCommandBuilder()
      .setName(name)
      .setDescription(description)
      .setContexts(contexts)
      .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
  return [
    base("ask", "Ask a question about the company documents")
      .addStringOption((option) =>
        option.setName("question").setDescription("Your question").setRequired(true).setMaxLength(1500),
      )
      .addBooleanOption((option) =>
        option
          .setName("post")
          .setDescription("Post the answer in the channel for everyone (default: only you see it)"),
      ),
    base("status", "Show which documents are indexed and how the bot is doing"),
    base("reindex", "Re-index the documents (administrators only)"),
  ].map((command) => command.toJSON());
}

export async function registerSlashCommands(
  rest: REST,
  settings: { applicationId: string; guildIds: readonly string[] },
  logger: Logger,
): Promise<void> {
  const body = buildSlashCommands();
  const routes =
    settings.guildIds.length > 0
      ? settings.guildIds.map((guildId) => Routes.applicationGuildCommands(settings.applicationId, guildId))
      : [Routes.applicationCommands(settings.applicationId)];
  for (const route of routes) {
    try {
      await rest.put(route, { body });
    } catch (error) {
      throw new DocentError(
        "CONFIG_INVALID",
        `Discord refused the slash commands at ${route}. Check DISCORD_APPLICATION_ID, DISCORD_GUILD_IDS and that the bot was invited with the applications.commands scope`,
        { cause: error },
      );
    }
  }
  logger.info(
    { commands: body.length, guilds: settings.guildIds.length, global: settings.guildIds.length === 0 },
    "discord slash commands registered",
  );
}
