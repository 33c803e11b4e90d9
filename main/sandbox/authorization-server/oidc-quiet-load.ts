/**
 * Silences oidc-provider's one load-time notice while it is imported, then restores the console.
 *
 * Why: oidc-provider 9 prints "Unsupported runtime. Use Node.js v22.x LTS" when loaded on Node
 * 20, where it runs fine (the project's runtime). Only that exact notice is dropped, and only
 * while the module evaluates (see `oidc.ts`); every other message still reaches the console.
 */
const original = console.warn;
const NOTICE = 'oidc-provider WARNING: Unsupported runtime';

console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes(NOTICE)) return;
  original.apply(console, args);
};

/** Put the original `console.warn` back (called once oidc-provider has loaded). */
export function endQuietOidcLoad(): void {
  console.warn = original;
}
