/**
 * Which signing algorithms fit which keys: shared by main (generate, import, sign) and the
 * renderer's key forms, so both offer and accept the same choices.
 */
export { KEY_ALGS, MIN_RSA_BITS, RSA_SIZES, algMismatch, algsForKey, defaultAlgFor, isKeyAlg, ktyOfAlg, type KeyAlg, type KeyKty, type RsaSize } from './key-algs.ts';
