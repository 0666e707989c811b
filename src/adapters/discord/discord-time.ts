import type { StatusStyle } from "../../rendering/describe-status.js";

/** Discord timestamps: each reader sees the time in their own time zone. */
export const discordTime: StatusStyle = {
  time(iso) {
    const seconds = Math.floor(Date.parse(iso) / 1000);
    return Number.isFinite(seconds) ? `<t:${seconds}:f>` : iso;
  },
};
