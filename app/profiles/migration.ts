import { SANDBOX_PRESET_IDS } from './sandbox-profiles.ts';

/**
 * Upgrades the stored profile list to the current format (`PROFILE_STORE_VERSION`).
 *
 * Format 1 had no loopback port (every sign-in listened on a new random port) and renewed
 * every token in the background. Format 2 adds endpoint fields (introspection, revocation,
 * registration, JWKS, userinfo), a fixed loopback port and auto-renew per profile. The
 * migration makes the choices explicit for profiles saved before: auto-renew off (the new
 * default: no token requests nobody asked for), the built-in sandbox's profiles keep "any free
 * port" (the sandbox accepts every loopback port), every other profile gets the fixed default
 * port so its redirect URI can be registered. Fields the format does not know are left to the
 * schema, which drops them.
 */

/** The version of `profiles.json` this app writes. */
export const PROFILE_STORE_VERSION = 2;

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Migrates the stored data of an older format; anything unrecognisable is returned as is (the schema check then reports it). */
export function migrateStoredProfiles(data: unknown, fromVersion: number): unknown {
  if (!Array.isArray(data)) return data;
  let out: unknown[] = data;
  if (fromVersion < 2) {
    out = out.map((p) => {
      if (!isRecord(p)) return p;
      const next: Record<string, unknown> = { ...p, autoRenew: p['autoRenew'] ?? false };
      if (next['loopbackPort'] === undefined && typeof p['presetId'] === 'string' && (SANDBOX_PRESET_IDS as readonly string[]).includes(p['presetId'])) {
        next['loopbackPort'] = 0;
      }
      return next;
    });
  }
  return out;
}
