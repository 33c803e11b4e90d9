import { z } from 'zod';
import { ProfileInput, type Profile, type VendorPreset } from '../profiles/index.ts';
import { method } from './define.ts';

/** What an import did: how many profiles arrived and which entries were refused, with reasons. */
export interface ImportReport {
  imported: Profile[];
  rejected: { index: number; name?: string; issues: { path: string; message: string }[] }[];
}

/** A profile export: the file name to offer and its JSON text (never any secret). */
export interface ProfileExport { fileName: string; json: string; count: number }

const id = z.object({ id: z.string().min(1) });

/** Server profile methods: list/search, CRUD, duplicate, import/export, vendor presets. */
export const profileMethods = {
  'profiles:list': method(z.object({ query: z.string().max(200).optional() }).default({})).returns<Profile[]>(),
  'profiles:get': method(id).returns<Profile>(),
  'profiles:save': method(ProfileInput).returns<Profile>(),
  'profiles:duplicate': method(id).returns<Profile>(),
  'profiles:delete': method(id).returns<{ id: string }>(),
  'profiles:export': method(z.object({ ids: z.array(z.string()).optional() }).default({})).returns<ProfileExport>(),
  'profiles:import': method(z.object({ json: z.string().max(5_000_000, 'The file is larger than 5 MB; profile exports are far smaller') })).returns<ImportReport>(),
  'profiles:list-presets': method(z.object({}).default({})).returns<readonly VendorPreset[]>(),
};
