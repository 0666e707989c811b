import type { APIInteractionGuildMember, Client, GuildMember } from "discord.js";
import type { Logger } from "../../logging/logger.js";

/**
 * The asker's role ids, so that the core can add the scopes mapped to them. In a guild they come with the message
 * or the interaction; in a DM the asker is looked up in every guild the bot is in, always over REST (without the
 * privileged members intent a cached member would keep a role it has lost). @everyone is left out: all have it.
 */
export function roleIdsOf(member: GuildMember | APIInteractionGuildMember | null | undefined): string[] {
  if (member === null || member === undefined) return [];
  if (Array.isArray(member.roles)) return [...member.roles];
  const guildMember = member as GuildMember;
  return guildMember.roles.cache.filter((role) => role.id !== guildMember.guild.id).map((role) => role.id);
}

export async function roleIdsAcrossGuilds(client: Client, userId: string, logger: Logger): Promise<string[]> {
  const lists = await Promise.all(
    client.guilds.cache.map(async (guild) => {
      try {
        return roleIdsOf(await guild.members.fetch({ user: userId, force: true }));
      } catch (error) {
        logger.debug({ err: error, guildId: guild.id, userId }, "discord member not found in guild");
        return [];
      }
    }),
  );
  return [...new Set(lists.flat())];
}
