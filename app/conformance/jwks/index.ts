/**
 * The JWK Set inspector (rules 37-48) and the per-key checks the assertion inspector reuses when
 * it picks the client's verification key.
 */
export { checkAlgMismatch, checkKeyMembers, checkPrivateMembers, checkUseEnc, isUsablePublicKey, ktyFits, readJwks } from './keys.ts';
export { inspectJwks } from './inspect-jwks.ts';
