import { z } from 'zod';
import type { ActivityEntry, ActivitySummary } from '../activity/index.ts';
import { event, method } from './define.ts';

const id = z.object({ id: z.string().min(1) });

/** Activity log methods: list, one entry (redacted), reveal (explicit), clear, HAR export. */
export const activityMethods = {
  'activity:list': method(z.object({ profileId: z.string().optional(), purpose: z.string().optional(), limit: z.number().int().min(1).max(500).optional() }).default({})).returns<ActivitySummary[]>(),
  'activity:get': method(id).returns<ActivityEntry>(),
  'activity:reveal': method(id).returns<ActivityEntry>(),
  'activity:clear': method(z.object({}).default({})).returns<{ cleared: number }>(),
  'activity:export-har': method(z.object({ ids: z.array(z.string()).optional() }).default({})).returns<{ fileName: string; json: string; count: number }>(),
};

/** Pushed when main records an exchange. */
export const activityEvents = {
  'activity:appended': event<{ id: string }>(),
};
