import type { KeyAlg } from '../../../../../app/keys/index.ts';

/** How each algorithm is offered in pickers: what key it needs and who asks for it. */
export const ALG_LABELS: Record<KeyAlg, string> = {
  RS384: 'RS384 (RSA, SMART default)',
  ES384: 'ES384 (EC P-384, SMART)',
  RS256: 'RS256 (RSA)',
  ES256: 'ES256 (EC P-256)',
  RS512: 'RS512 (RSA)',
  PS384: 'PS384 (RSA-PSS)',
};
