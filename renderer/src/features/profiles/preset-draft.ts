import { DEFAULT_ASSERTION_LIFETIME_SECONDS, DEFAULT_LOOPBACK_PORT, type VendorPreset, type ProfileInput } from '../../../../app/profiles/index.ts';

/** A blank draft for "New profile" without a preset. */
export const blankDraft = (): ProfileInput => ({
  name: '', fhirBaseUrl: '', authMethod: 'client-credentials-jwt', clientId: '', scopes: 'system/*.rs',
  extraAuthorizeParams: [], extraTokenParams: [], notes: '', loopbackPort: DEFAULT_LOOPBACK_PORT, autoRenew: false,
  assertion: { alg: 'RS384', lifetimeSeconds: DEFAULT_ASSERTION_LIFETIME_SECONDS, clockOffsetSeconds: 0, extraClaims: [], extraHeader: [] },
});

/** Turns a vendor preset into a new-profile draft the user completes (base URL, client id). */
export function draftFromPreset(p: VendorPreset): ProfileInput {
  return {
    name: p.label,
    presetId: p.id,
    fhirBaseUrl: p.fhirBaseExample,
    authMethod: p.authMethod,
    clientId: '',
    scopes: p.scopes,
    tokenEndpoint: p.tokenEndpoint ?? '',
    authorizeEndpoint: p.authorizeEndpoint ?? '',
    extraTokenParams: p.extraTokenParams ?? [],
    extraAuthorizeParams: p.extraAuthorizeParams ?? [],
    loopbackPort: DEFAULT_LOOPBACK_PORT, autoRenew: false,
    assertion: { alg: p.alg ?? 'RS384', lifetimeSeconds: p.lifetimeSeconds ?? DEFAULT_ASSERTION_LIFETIME_SECONDS, clockOffsetSeconds: 0, extraClaims: p.extraClaims ?? [], extraHeader: [] },
    notes: `${p.notes}\n\nFrom preset: ${p.source}.`,
  };
}
