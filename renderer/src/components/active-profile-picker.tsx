import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, type ReactNode } from 'react';
import type { Profile } from '../../../app/profiles/index.ts';
import { useNavigationStore } from '../lib/navigation-store.ts';
import { apiEvents, call } from '../lib/api.ts';
import { queryClient } from '../lib/query-client.ts';

/**
 * The saved profiles, for the pickers of Tokens, Inspect and Console: one cache entry (the one
 * the Profiles area fills), kept fresh from main's `profiles:changed` events.
 */
export function useProfileList() {
  useEffect(() => apiEvents['profiles:changed'](() => void queryClient.invalidateQueries({ queryKey: ['profiles'] })), []);
  return useQuery({ queryKey: ['profiles', 'list', ''], queryFn: () => call('profiles:list', {}) });
}

/** The app-wide active profile, if it still exists. */
export function useActiveProfile(): Profile | undefined {
  const profiles = useProfileList();
  const activeId = useNavigationStore((s) => s.activeProfileId);
  return profiles.data?.find((p) => p.id === activeId);
}

/**
 * Chooses the app-wide active profile, so Tokens, Inspect and Console always work on the same one.
 * Each area names the choice in its own words (`label`) and says what "no profile" means there
 * (`emptyOption`; without it, a list with profiles offers no empty choice). `hint` is shown
 * after the list and describes it to assistive technology.
 */
export function ActiveProfilePicker({ label, emptyOption, hint, className }: { label: string; emptyOption?: string; hint?: ReactNode; className?: string }) {
  const profiles = useProfileList();
  const activeId = useNavigationStore((s) => s.activeProfileId);
  const activate = useNavigationStore((s) => s.profileActivated);
  const id = useId();
  const hintId = useId();
  const list = profiles.data ?? [];
  const known = list.some((p) => p.id === activeId);
  const empty = emptyOption ?? (list.length ? undefined : 'No profiles yet: create one in Profiles');
  return (
    <div className={className}>
      <label className="label" htmlFor={id}>{label}</label>
      <select id={id} value={known ? activeId : ''} onChange={(e) => activate(e.target.value || undefined)} aria-describedby={hint ? hintId : undefined}>
        {empty !== undefined && <option value="">{empty}</option>}
        {list.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
      </select>
      {hint && <span id={hintId} className="picker-hint">{hint}</span>}
    </div>
  );
}
