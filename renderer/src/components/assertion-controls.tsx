import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import type { AssertionControls, Profile } from '../../../app/profiles/index.ts';
import { useAssertionTiming } from '../lib/assertion-timing.ts';
import { call } from '../lib/api.ts';

/** The controls as typed: numbers as text (empty = the profile's value). */
export interface ControlsDraft { lifetime: string; offset: string; keyId: string; reuseJti: boolean }

/** No change from the profile. */
export const EMPTY_CONTROLS: ControlsDraft = { lifetime: '', offset: '', keyId: '', reuseJti: false };

const whole = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The draft as the contract's AssertionControls (only what differs from the profile); undefined when nothing does. */
export function toControls(d: ControlsDraft): AssertionControls | undefined {
  const out: AssertionControls = {};
  const lifetime = whole(d.lifetime);
  const offset = whole(d.offset);
  if (lifetime !== undefined) out.lifetimeSeconds = lifetime;
  if (offset !== undefined) out.clockOffsetSeconds = offset;
  if (d.keyId) out.keyId = d.keyId;
  if (d.reuseJti) out.reuseJti = true;
  return Object.keys(out).length ? out : undefined;
}

/** Why a draft cannot be sent, in words (undefined when it can). */
export function controlsProblem(d: ControlsDraft): string | undefined {
  for (const [label, text, max] of [['Lifetime', d.lifetime, 86_400], ['Clock offset', d.offset, 86_400]] as const) {
    const n = whole(text);
    if (n === undefined) continue;
    if (!Number.isInteger(n)) return `${label}: enter whole seconds.`;
    if (label === 'Lifetime' && (n < 1 || n > max)) return 'Lifetime: 1 to 86400 seconds.';
    if (label === 'Clock offset' && Math.abs(n) > max) return 'Clock offset: at most one day either way.';
  }
  return undefined;
}

/**
 * The assertion controls for one run: another lifetime, clock offset or key, or the previous
 * jti again, to see how a server treats a skewed, long-lived or replayed assertion. Empty fields
 * keep the profile's values; the engine's time findings show as the numbers change.
 */
export function AssertionControlsFields({ profile, value, onChange }: { profile: Profile; value: ControlsDraft; onChange: (d: ControlsDraft) => void }) {
  const keys = useQuery({ queryKey: ['keys', 'list'], queryFn: () => call('keys:list', {}) });
  const ids = { lifetime: useId(), offset: useId(), key: useId() };
  const set = (patch: Partial<ControlsDraft>) => onChange({ ...value, ...patch });
  const lifetime = whole(value.lifetime) ?? profile.assertion.lifetimeSeconds;
  const offset = whole(value.offset) ?? profile.assertion.clockOffsetSeconds;
  const timing = useAssertionTiming(lifetime, offset);
  const problem = controlsProblem(value);
  const own = keys.data?.find((k) => k.id === profile.assertion.keyId);
  return (
    <div className="assertion-controls stack tight">
      <div className="controls-grid">
        <div className="field">
          <label htmlFor={ids.lifetime}>Lifetime (s)</label>
          <input id={ids.lifetime} type="number" min={1} max={86400} value={value.lifetime} placeholder={`${profile.assertion.lifetimeSeconds} (profile)`} onChange={(e) => set({ lifetime: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={ids.offset}>Clock offset (s)</label>
          <input id={ids.offset} type="number" min={-86400} max={86400} value={value.offset} placeholder={`${profile.assertion.clockOffsetSeconds} (profile)`} onChange={(e) => set({ offset: e.target.value })} />
        </div>
        <div className="field key">
          <label htmlFor={ids.key}>Signing key</label>
          <select id={ids.key} value={value.keyId} onChange={(e) => set({ keyId: e.target.value })}>
            <option value="">The profile's key{own ? ` (${own.name}, ${own.alg})` : ''}</option>
            {keys.data?.filter((k) => k.id !== profile.assertion.keyId && k.privateKey === 'available').map((k) => <option key={k.id} value={k.id}>{k.name} · {k.alg} · kid {k.kid}</option>)}
          </select>
        </div>
      </div>
      <label className="row check">
        <input type="checkbox" checked={value.reuseJti} onChange={(e) => set({ reuseJti: e.target.checked })} />
        Reuse the previous assertion's jti (a replay: a conformant server refuses it, ASSERT-JTI-REUSED)
      </label>
      {problem && <div className="error-text" role="alert">{problem}</div>}
      {!problem && timing.length > 0 && <ul className="plain-list warning-list">{timing.map((t) => <li key={t}>{t}</li>)}</ul>}
      {!problem && !timing.length && <div className="muted small">Within SMART's limits: exp {lifetime + offset} s from now on this computer's clock.</div>}
    </div>
  );
}
