import fc from 'fast-check';
import type { z } from 'zod';

/**
 * Generators of input a contract method must refuse: wrong types in every field, non-objects,
 * huge strings, and prototype-pollution keys, filtered through the method's own schema so
 * every generated value is really invalid (a valid one could legitimately write or connect).
 *
 * Shared by the IPC and the bridge fuzz tests, so both transports get the same abuse.
 */

/** The object schema under defaults, optionals and pipes (every contract input is an object). */
function objectShape(schema: z.ZodType): string[] {
  let s = schema as unknown as { _zod: { def: { type: string; innerType?: unknown; in?: unknown; shape?: Record<string, unknown> } } };
  for (let i = 0; i < 10; i++) {
    const def = s._zod.def;
    if (['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch'].includes(def.type) && def.innerType) s = def.innerType as typeof s;
    else if (def.type === 'pipe' && def.in) s = def.in as typeof s;
    else break;
  }
  return Object.keys(s._zod.def.shape ?? {});
}

/** A string longer than any limit the contract sets on a short field (ids, names, URLs, secrets). */
export const HUGE_STRING = 'x'.repeat(1_100_000);

/** Objects whose own keys try to reach Object.prototype when copied carelessly. */
export const POLLUTERS: readonly Record<string, unknown>[] = [
  JSON.parse('{"__proto__":{"polluted":"yes"}}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  JSON.parse('{"prototype":{"polluted":"yes"},"__defineGetter__":"x","toString":"x","valueOf":1,"hasOwnProperty":"x"}'),
];

/** True when any fuzz call managed to pollute Object.prototype. */
export const prototypePolluted = (): boolean => 'polluted' in ({} as Record<string, unknown>) || 'polluted' in Object.prototype;

const oddScalar = fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, -1e308, '', ' ', '\u0000', '\u202e', '../../etc/passwd', '%00', '__proto__', 'constructor');
const jsonish = fc.oneof(oddScalar, fc.jsonValue({ maxDepth: 3 }), fc.constantFrom<unknown>([], {}, [[]], [null]), fc.string({ maxLength: 300 }));
const polluter = fc.constantFrom(...POLLUTERS);

/**
 * Arbitrary invalid input for one method, JSON-serialisable (what the bridge can carry).
 * `extra` adds values only IPC's structured clone can carry (NaN, Map, Date, BigInt…).
 */
export function malformedInput(schema: z.ZodType, extra?: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const keys = objectShape(schema);
  const field = fc.oneof({ weight: 6, arbitrary: jsonish }, { weight: 1, arbitrary: polluter }, ...(extra ? [{ weight: 2, arbitrary: extra }] : []));
  const record = keys.length ? fc.record(Object.fromEntries(keys.map((k) => [k, field])), { requiredKeys: [] }) : fc.constant({});
  const polluted = fc.tuple(record, polluter).map(([r, p]) => ({ ...p, ...r }));
  const top = fc.oneof(jsonish, polluter, ...(extra ? [extra] : []));
  return fc.oneof(top, record, polluted).filter((v) => !schema.safeParse(v).success);
}

/** Fixed cases every method gets: non-objects, pollution, and huge strings in every field. */
export function fixedMalformedInputs(schema: z.ZodType): unknown[] {
  const keys = objectShape(schema);
  const huge = Object.fromEntries(keys.map((k) => [k, HUGE_STRING]));
  const cases: unknown[] = [null, 42, 'profiles', true, [], [{}], ...POLLUTERS, huge, ...POLLUTERS.map((p) => ({ ...p, ...huge }))];
  return cases.filter((v) => !schema.safeParse(v).success);
}

/** Values only IPC carries (structured clone): they must be refused as cleanly as JSON. */
export const cloneOnlyValue: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  Number.NaN, Number.POSITIVE_INFINITY, -0, 10n, new Date(0), new Map([['id', 'x']]), new Set(['x']), new Uint8Array([1, 2]), /x/g, new Error('boom'),
);
