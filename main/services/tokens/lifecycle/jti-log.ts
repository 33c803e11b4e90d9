import type { JtiHistory } from '../ports.ts';

/** How long a jti counts as used: SMART assertions live at most five minutes. */
export const JTI_WINDOW_MS = 300_000;

/** How many jti values are kept per profile. */
export const JTIS_KEPT = 500;

/**
 * jti values each profile used in the last five minutes, so ASSERT-JTI-REUSED can tell when an
 * assertion repeats one (a server must reject a replayed assertion).
 */
export class JtiLog implements JtiHistory {
  private readonly used = new Map<string, { jti: string; at: number }[]>();

  /** Records the jti of an assertion just sent. */
  add(profileId: string, jti: string, nowMs: number): void {
    let list = this.used.get(profileId);
    if (!list) this.used.set(profileId, (list = []));
    list.push({ jti, at: nowMs });
    // Trimmed in batches, so each assertion costs constant time: the expired ones and any
    // beyond the latest JTIS_KEPT go once the list has doubled.
    if (list.length >= 2 * JTIS_KEPT) {
      const fresh = list.filter((x) => nowMs - x.at < JTI_WINDOW_MS);
      this.used.set(profileId, fresh.slice(-JTIS_KEPT));
    }
  }

  /**
   * jti values used before the latest use of `current` within five minutes: that one use is left
   * out, so an assertion that repeats an earlier jti (the reuse control, a replay) still meets it.
   */
  previous(profileId: string, current: string | undefined, nowMs: number): string[] {
    const list = (this.used.get(profileId) ?? []).slice(-JTIS_KEPT);
    let skip = current === undefined ? -1 : list.map((x) => x.jti).lastIndexOf(current);
    if (skip < 0) skip = -1;
    return list.filter((x, i) => i !== skip && nowMs - x.at < JTI_WINDOW_MS).map((x) => x.jti);
  }

  /** The latest jti of a profile (the one the reuse control sends again). */
  last(profileId: string): string | undefined {
    return this.used.get(profileId)?.at(-1)?.jti;
  }
}
