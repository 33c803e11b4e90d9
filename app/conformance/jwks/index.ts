/**
 * TODO face of app/conformance/jwks
 */
export { checkAlgMismatch, checkKeyMembers, checkPrivateMembers, checkUseEnc, isUsablePublicKey, ktyFits, readJwks } from './keys.ts';
export { inspectJwks } from './inspect-jwks.ts';
