import { ASSERTION_ALGS, CLAIM_TYPES, DEFAULT_ASSERTION_LIFETIME_SECONDS, type ProfileInput } from '../../../../../app/profiles/index.ts';
import { Field } from '../../../components/ui/field.tsx';
import { NameValueEditor } from '../../../components/ui/name-value-editor.tsx';
import { useAssertionTiming } from '../../../lib/assertion-timing.ts';
import { useProfileSlots } from '../../../lib/profile-slots.ts';

type Assertion = NonNullable<ProfileInput['assertion']>;

/** Narrows field errors to one list (e.g. `assertion.extraClaims.0.value` -> `0.value`). */
const sub = (errors: Record<string, string>, prefix: string) =>
  Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith(`${prefix}.`)).map(([k, v]) => [k.slice(prefix.length + 1), v]));

/** The private_key_jwt assertion settings: algorithm, lifetime, clock offset, jku, extra claims and header fields. */
export function AssertionFields({ value, onChange, errors }: { value: Assertion; onChange: (a: Assertion) => void; errors: Record<string, string> }) {
  const set = (patch: Partial<Assertion>) => onChange({ ...value, ...patch });
  const slots = useProfileSlots();
  const timing = useAssertionTiming(value.lifetimeSeconds ?? DEFAULT_ASSERTION_LIFETIME_SECONDS, value.clockOffsetSeconds ?? 0);
  return (
    <fieldset>
      <legend>Client assertion (private_key_jwt)</legend>
      {slots.keyPicker?.({ value: value.keyId, onChange: (keyId) => set({ keyId }), error: errors['assertion.keyId'] })}
      <div className="grid2">
        <Field label="Signing algorithm" hint="SMART servers must accept RS384 or ES384; RS256 only where the vendor asks for it.">
          {(p) => (
            <select {...p} value={value.alg ?? 'RS384'} onChange={(e) => set({ alg: e.target.value as Assertion['alg'] })}>
              {ASSERTION_ALGS.map((a) => <option key={a}>{a}</option>)}
            </select>
          )}
        </Field>
        <Field label="Lifetime (seconds)" hint={`exp = iat + this. Default ${DEFAULT_ASSERTION_LIFETIME_SECONDS} s: under SMART's 300 s limit with a minute to spare for clock skew.`}
          error={errors['assertion.lifetimeSeconds']} warnings={timing}>
          {(p) => <input {...p} type="number" min={1} max={86400} value={Number.isNaN(value.lifetimeSeconds) ? '' : value.lifetimeSeconds ?? DEFAULT_ASSERTION_LIFETIME_SECONDS} onChange={(e) => set({ lifetimeSeconds: e.target.value === '' ? Number.NaN : Number(e.target.value) })} />}
        </Field>
        <Field label="Clock offset (seconds)" error={errors['assertion.clockOffsetSeconds']}
          hint="Added to this computer's clock for iat and exp: negative builds a late (or expired) assertion, positive one from the future. 0 for real use.">
          {(p) => <input {...p} type="number" min={-86400} max={86400} value={Number.isNaN(value.clockOffsetSeconds) ? '' : value.clockOffsetSeconds ?? 0} onChange={(e) => set({ clockOffsetSeconds: e.target.value === '' ? Number.NaN : Number(e.target.value) })} />}
        </Field>
      </div>
      <Field label="jku header (optional)" hint="Only if your server follows jku; it must equal your registered JWKS URL." error={errors['assertion.jku']}>
        {(p) => <input {...p} type="url" value={value.jku ?? ''} onChange={(e) => set({ jku: e.target.value })} placeholder="https://your-service.example.com/.well-known/jwks.json" />}
      </Field>
      <NameValueEditor label="Extra claims" addLabel="Add claim" types={CLAIM_TYPES} rows={value.extraClaims ?? []} errors={sub(errors, 'assertion.extraClaims')}
        onChange={(rows) => set({ extraClaims: rows.map((r) => ({ name: r.name, value: r.value, type: (r.type ?? 'string') as (typeof CLAIM_TYPES)[number] })) })} />
      <NameValueEditor label="Extra header fields" addLabel="Add header field" rows={value.extraHeader ?? []} errors={sub(errors, 'assertion.extraHeader')}
        onChange={(rows) => set({ extraHeader: rows.map((r) => ({ name: r.name, value: r.value })) })} />
    </fieldset>
  );
}
