/**
 * TODO face of app/keys
 */
export { KEY_ALGS, MIN_RSA_BITS, RSA_SIZES, algMismatch, algsForKey, defaultAlgFor, isKeyAlg, ktyOfAlg, type KeyAlg, type KeyKty, type RsaSize } from './key-algs.ts';
