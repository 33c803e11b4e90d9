/** How long a jti counts as used: SMART assertions live at most five minutes. */
export const JTI_WINDOW_MS = 300_000;

/** How many jti values are kept per profile. */
export const JTIS_KEPT = 500;

/**
 * jti values each profile used in the last five minutes, so ASSERT-JTI-REUSED can tell when an
 * assertion repeats one (a server must reject a replayed assertion).
 */
export class JtiLog {
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

  /** jti values used before this one within five minutes. */
  previous(profileId: string, except: string | undefined, nowMs: number): string[] {
    return (this.used.get(profileId) ?? []).slice(-JTIS_KEPT).filter((x) => nowMs - x.at < JTI_WINDOW_MS && x.jti !== except).map((x) => x.jti);
  }
}
