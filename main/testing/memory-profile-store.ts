import { Profile, ProfileInput } from '../../app/profiles/schema.ts';
import type { z } from 'zod';
import { AppFailure } from '../../app/result/result.ts';

/** The instant every test profile was created at (tests pin time). */
export const FIXED_ISO = '2026-01-02T03:04:05.000Z';

/**
 * Builds a valid saved profile from a few fields, with the schema's defaults applied, except the
 * loopback port: 0 (any free port), so tests never depend on the fixed default port being free.
 */
export function makeProfile(fields: Partial<z.input<typeof ProfileInput>> & { id?: string } = {}): Profile {
  return Profile.parse({
    name: 'Test', fhirBaseUrl: 'https://fhir.example.test/r4', authMethod: 'client-credentials-post', clientId: 'client-1',
    scopes: 'system/*.rs', loopbackPort: 0, ...fields, id: fields.id ?? 'p1', createdAt: FIXED_ISO, updatedAt: FIXED_ISO,
  });
}

/** An in-memory profile store with the ProfileService's get/save semantics. */
export class MemoryProfileStore {
  readonly profiles = new Map<string, Profile>();
  constructor(...initial: Profile[]) {
    for (const p of initial) this.profiles.set(p.id, p);
  }
  async get(id: string): Promise<Profile> {
    const p = this.profiles.get(id);
    if (!p) throw new AppFailure('NOT_FOUND', `No profile with id ${id}`);
    return p;
  }
  async save(input: z.output<typeof ProfileInput>): Promise<Profile> {
    const id = input.id ?? `p${this.profiles.size + 1}`;
    const saved = Profile.parse({ ...ProfileInput.parse(input), id, createdAt: FIXED_ISO, updatedAt: FIXED_ISO });
    this.profiles.set(id, saved);
    return saved;
  }
}
