/**
 * Discord API v10 objects as Discord sends them (users, members, roles, channels, guilds, messages), for the fake's
 * REST replies and gateway dispatches. One small world: guild "Acme" with a text channel, an HR role and an
 * admin role; Alice (no roles), Hannah (HR) and Max (Manage Server); the bot.
 */
const discordEpoch = 1420070400000n;
let sequence = 0n;

/** Increasing snowflakes, one virtual second apart, so that creation order is unambiguous. */
export function nextSnowflake(): string {
  sequence += 1n;
  return (((BigInt(Date.now()) - discordEpoch + sequence * 1000n) << 22n) + sequence).toString();
}

export const world = {
  guildId: "100000000000000001",
  channelId: "100000000000000002",
  otherChannelId: "100000000000000003",
  botRoleId: "100000000000000010",
  hrRoleId: "100000000000000011",
  adminRoleId: "100000000000000012",
  applicationId: "100000000000000020",
  bot: user("100000000000000021", "docent", true),
  alice: user("100000000000000031", "alice"),
  hannah: user("100000000000000032", "hannah"),
  max: user("100000000000000033", "max"),
  otherBot: user("100000000000000034", "helperbot", true),
  dmChannelIds: new Map<string, string>(),
} as const;

export type User = ReturnType<typeof user>;

export function user(id: string, username: string, bot = false) {
  return {
    id,
    username,
    discriminator: "0",
    global_name: username[0]?.toUpperCase() + username.slice(1),
    avatar: null,
    bot,
  };
}

const manageGuild = 1n << 5n;
const everyday = (1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n);

export function rolesOf(userId: string): string[] {
  if (userId === world.hannah.id) return [world.hrRoleId];
  if (userId === world.max.id) return [world.adminRoleId];
  if (userId === world.bot.id) return [world.botRoleId];
  return [];
}

export function member(account: User) {
  return {
    user: account,
    roles: rolesOf(account.id),
    nick: null,
    avatar: null,
    joined_at: "2026-01-05T09:00:00.000000+00:00",
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
  };
}

/** The member as interactions carry it: with the member's permissions in the channel. */
export function interactionMember(account: User) {
  const permissions = account.id === world.max.id ? everyday | manageGuild : everyday;
  return { ...member(account), permissions: permissions.toString() };
}

function role(id: string, name: string, permissions: bigint, extra: object = {}) {
  return {
    id,
    name,
    color: 0,
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: 1,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0,
    ...extra,
  };
}

export function textChannel(id: string, name: string) {
  return {
    id,
    type: 0,
    guild_id: world.guildId,
    name,
    position: 0,
    permission_overwrites: [],
    topic: null,
    nsfw: false,
    parent_id: null,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
}

export function guildCreate() {
  return {
    id: world.guildId,
    name: "Acme",
    icon: null,
    owner_id: world.max.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    premium_tier: 0,
    preferred_locale: "en-US",
    nsfw_level: 0,
    joined_at: "2026-01-05T09:00:00.000000+00:00",
    large: false,
    unavailable: false,
    member_count: 5,
    roles: [
      role(world.guildId, "@everyone", everyday),
      role(world.botRoleId, "docent", everyday, { managed: true, tags: { bot_id: world.bot.id } }),
      role(world.hrRoleId, "hr-team", 0n),
      role(world.adminRoleId, "admins", manageGuild),
    ],
    emojis: [],
    stickers: [],
    channels: [textChannel(world.channelId, "general"), textChannel(world.otherChannelId, "random")],
    threads: [],
    members: [member(world.bot)],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface MessageInput {
  channelId: string;
  author: User;
  content: string;
  guildId?: string | undefined;
  channelType?: number;
  mentions?: User[];
  reference?: StoredMessage | undefined;
  components?: unknown[];
  flags?: number;
  type?: number;
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: User;
  content: string;
  components: unknown[];
  flags: number;
  type: number;
  edited_timestamp: string | null;
  message_reference?: { type: number; message_id: string; channel_id: string; guild_id?: string };
  [field: string]: unknown;
}

export function message(input: MessageInput): StoredMessage {
  const guildId = input.guildId;
  const inGuild = guildId !== undefined;
  return {
    id: nextSnowflake(),
    channel_id: input.channelId,
    ...(guildId !== undefined ? { guild_id: guildId, member: memberWithoutUser(input.author) } : {}),
    author: input.author,
    content: input.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null as string | null,
    tts: false,
    mention_everyone: false,
    mentions: (input.mentions ?? []).map((mentioned) => ({
      ...mentioned,
      ...(inGuild ? { member: memberWithoutUser(mentioned) } : {}),
    })),
    mention_roles: [] as string[],
    attachments: [],
    embeds: [],
    pinned: false,
    type: input.type ?? (input.reference === undefined ? 0 : 19),
    flags: input.flags ?? 0,
    components: input.components ?? [],
    ...(input.reference === undefined
      ? {}
      : {
          message_reference: {
            type: 0,
            message_id: input.reference.id,
            channel_id: input.reference.channel_id,
            ...(guildId !== undefined ? { guild_id: guildId } : {}),
          },
          referenced_message: withoutReference(input.reference),
        }),
  };
}

function memberWithoutUser(account: User) {
  const { user: _user, ...rest } = member(account);
  return rest;
}

/** Discord sends a replied-to message one level deep: without its own referenced message. */
export function withoutReference(stored: StoredMessage): StoredMessage {
  const { referenced_message: _nested, ...rest } = stored;
  return rest;
}
