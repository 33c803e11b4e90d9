import { decodeJwt } from 'jose';
import type { PastedTokenSummary } from '../../../app/contract/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import type { AccessToken } from './token-provider.ts';

/**
 * Tokens the user pasted from elsewhere (another tool, a colleague, a vendor portal), one per
 * profile, kept in main's memory only: never written to disk, never sent back to the renderer.
 *
 * The console and the bulk runner can send one instead of the profile's own token, to the
 * profile's server only (the same origin rule as the profile's token). A pasted token cannot be
 * renewed: when the server refuses it, the user is told to paste a fresh one.
 */

/** `eyJ…(masked, 812 chars)`: enough to recognise a token, nothing to use it with. */
export function maskToken(value: string): string {
  return `${value.slice(0, 3)}…(masked, ${value.length} chars)`;
}

interface Pasted { value: string; summary: PastedTokenSummary }

/** The pasted token of each profile. */
export class PastedTokens {
  private readonly byProfile = new Map<string, Pasted>();

  constructor(private readonly now: () => number) {}

  /** Keeps a pasted token for a profile (replacing an earlier one) and returns what the renderer may see. */
  paste(profileId: string, token: string, tokenType: string): PastedTokenSummary {
    const value = token.trim().replace(/^Bearer\s+/i, '');
    if (!value) throw new AppFailure('INVALID_INPUT', 'Paste a token first.', [{ path: 'token', message: 'Paste a token first' }]);
    const summary: PastedTokenSummary = {
      profileId, pastedAt: new Date(this.now()).toISOString(), tokenType: tokenType || 'Bearer', masked: maskToken(value), format: 'opaque',
    };
    if (value.split('.').length === 3) {
      try {
        const claims = decodeJwt(value) as Record<string, unknown>;
        summary.format = 'jwt';
        summary.claims = claims;
        if (typeof claims['exp'] === 'number') summary.expiresAt = claims['exp'] * 1000;
        if (typeof claims['scope'] === 'string') summary.scope = claims['scope'];
        else if (Array.isArray(claims['scp'])) summary.scope = claims['scp'].join(' ');
      } catch {
        // Not a readable JWT: treated as an opaque token, which servers may still accept.
      }
    }
    this.byProfile.set(profileId, { value, summary });
    return structuredClone(summary);
  }

  /** What the renderer may know of a profile's pasted token. */
  summary(profileId: string): PastedTokenSummary | undefined {
    const p = this.byProfile.get(profileId);
    return p ? structuredClone(p.summary) : undefined;
  }

  /** The pasted token to send; NOT_FOUND in words when none was pasted for the profile. */
  token(profileId: string): AccessToken {
    const p = this.byProfile.get(profileId);
    if (!p) throw new AppFailure('NOT_FOUND', 'No token was pasted for this profile (or it was forgotten). Paste one, or send with the profile\'s own token.');
    return { accessToken: p.value, tokenType: p.summary.tokenType, ...(p.summary.expiresAt !== undefined ? { expiresAt: p.summary.expiresAt } : {}), ...(p.summary.scope ? { scope: p.summary.scope } : {}), pasted: true };
  }

  /** Forgets a profile's pasted token. */
  forget(profileId: string): void {
    this.byProfile.delete(profileId);
  }
}
