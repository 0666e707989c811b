import { z } from "zod";

/**
 * The sharepoint kind's own keys of an entry in the sources file: the site whose document libraries are read, which
 * of them (all when absent), and where Microsoft Entra ID issues tokens (login.microsoftonline.com unless the tenant
 * lives in a national cloud: login.microsoftonline.us, login.chinacloudapi.cn; or a test server).
 */
export const sharepointSettings = z.strictObject({
  site: z.url({ protocol: /^https?$/ }),
  libraries: z.array(z.string().min(1)).min(1).optional(),
  authority_host: z.url({ protocol: /^https?$/ }).optional(),
});

export type SharepointSettings = z.infer<typeof sharepointSettings>;

/** The site's host name and its server-relative path ("example.sharepoint.com", "/sites/HR"; "" for the root site). */
export function siteAddress(site: string): { hostname: string; path: string } {
  const url = new URL(site);
  return { hostname: url.hostname, path: decodeURIComponent(url.pathname.replace(/\/+$/, "")) };
}
