import { z } from 'zod';
import { KEY_ALGS, RSA_SIZES, ktyOfAlg, type KeyAlg, type KeyKty } from '../keys/index.ts';
import { event, method } from './define.ts';

/**
 * Signing keys and the local JWKS host.
 *
 * Every output here is public material only: private keys stay sealed in main, and the
 * token service signs through a main-internal API that is not part of this contract.
 */

/** A public JWK as the app publishes it (never a private member). */
export interface PublicJwk {
  kty: KeyKty;
  kid: string;
  alg: KeyAlg;
  use: 'sig';
  n?: string;
  e?: string;
  crv?: string;
  x?: string;
  y?: string;
}

/** A JWK Set of public keys, what a `jwks_uri` serves. */
export interface PublicJwks { keys: PublicJwk[] }

/** Whether main can use a key's sealed private half right now. */
export type PrivateKeyState = 'available' | 'unreadable';

/** A stored key as lists show it. */
export interface KeySummary {
  id: string;
  kid: string;
  name: string;
  alg: KeyAlg;
  kty: KeyKty;
  /** RSA modulus length in bits. */
  bits?: number;
  /** EC curve. */
  crv?: string;
  /** RFC 7638 SHA-256 thumbprint of the public key (the default kid). */
  thumbprint: string;
  source: 'generated' | 'imported-pem' | 'imported-jwk' | 'imported-jwks';
  createdAt: string;
  updatedAt: string;
  privateKey: PrivateKeyState;
  /** Why the private key is unreadable, in words a user can act on. */
  problem?: string;
}

/** A public-key file the UI can copy or save. */
export interface PublicKeyFile { fileName: string; mimeType: string; text: string }

/** One key with its public material in every export format. */
export interface KeyDetails extends KeySummary {
  publicJwk: PublicJwk;
  exports: { jwk: PublicKeyFile; jwks: PublicKeyFile; pem: PublicKeyFile };
}

/** One key found in pasted or loaded text, described without its private members. */
export interface ImportCandidate {
  index: number;
  /** Where it was found: "keys[1] (kid abc)", "PEM block 1". */
  label: string;
  kty?: string;
  crv?: string;
  bits?: number;
  kid?: string;
  /** The `alg` the JWK declares, if any. */
  declaredAlg?: string;
  /** Algorithms this key could be stored with. */
  algs: KeyAlg[];
  suggestedAlg?: KeyAlg;
  thumbprint?: string;
  /** Why this candidate cannot be imported; undefined when it can. */
  problem?: string;
}

/** What the import text holds, before anything is stored. */
export interface ImportPreview { format: 'pem' | 'jwk' | 'jwks'; candidates: ImportCandidate[]; importable: number }

/** The local JWKS host: running or not, and where. */
export interface JwksHostStatus {
  running: boolean;
  url?: string;
  port?: number;
  keyIds: string[];
  startedAt?: string;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/** A `kid` the user typed: trimmed, printable, at most 200 characters. */
export const KidSchema = z.string().trim().min(1, 'The kid cannot be empty').max(200, 'Keep the kid under 200 characters')
  .refine((s) => !CONTROL.test(s), 'The kid cannot contain control characters');
/** An optional kid field: blank means "use the default (the thumbprint)". */
const OptionalKid = z.union([z.literal(''), KidSchema]).optional().transform((s) => (s ? s : undefined));
/** A display name: blank means "use a default". */
const OptionalName = z.string().trim().max(120, 'Keep the name under 120 characters').optional().transform((s) => (s ? s : undefined));
const KeyAlgSchema = z.enum(KEY_ALGS);

/** Input of `keys:generate`. */
export const GenerateKeyInput = z.object({
  alg: KeyAlgSchema.default('RS384'),
  modulusLength: z.union([z.literal(2048), z.literal(3072), z.literal(4096)], { error: `Choose one of ${RSA_SIZES.join(', ')} bits` }).optional(),
  kid: OptionalKid,
  name: OptionalName,
}).superRefine((v, ctx) => {
  if (v.modulusLength !== undefined && ktyOfAlg(v.alg) !== 'RSA') ctx.addIssue({ code: 'custom', path: ['modulusLength'], message: `${v.alg} uses an EC key; a modulus length applies only to RSA` });
});

/** Input of `keys:import` and `keys:preview-import`. */
const ImportText = z.string().min(1, 'Paste a key or choose a file').max(1_000_000, 'The text is larger than 1 MB; a key file is far smaller');

/** Input of `keys:import`. */
export const ImportKeyInput = z.object({
  text: ImportText,
  /** Which candidate to import when the text holds several private keys. */
  index: z.number().int().min(0).optional(),
  alg: KeyAlgSchema.optional(),
  kid: OptionalKid,
  name: OptionalName,
});

/** Input of `keys:update`: rename the kid or name, or change the algorithm. */
export const UpdateKeyInput = z.object({ id: z.string().min(1), kid: KidSchema.optional(), name: OptionalName, alg: KeyAlgSchema.optional() });

const id = z.object({ id: z.string().min(1) });

/** Key methods: list, details, generate, import, update, delete, and the local JWKS host. */
export const keyMethods = {
  'keys:list': method(z.object({}).default({})).returns<KeySummary[]>(),
  'keys:get': method(id).returns<KeyDetails>(),
  'keys:generate': method(GenerateKeyInput).returns<KeySummary>(),
  'keys:preview-import': method(z.object({ text: ImportText })).returns<ImportPreview>(),
  'keys:import': method(ImportKeyInput).returns<KeySummary>(),
  'keys:update': method(UpdateKeyInput).returns<KeySummary>(),
  'keys:delete': method(id).returns<{ id: string }>(),
  'keys:host-jwks': method(z.object({
    keyIds: z.array(z.string().min(1)).min(1, 'Choose at least one key to serve'),
    port: z.number().int().min(0).max(65535).optional(),
  })).returns<JwksHostStatus>(),
  'keys:stop-jwks-host': method(z.object({}).default({})).returns<JwksHostStatus>(),
  'keys:jwks-host-status': method(z.object({}).default({})).returns<JwksHostStatus>(),
};

/** Key events: another window (or an import) changed the stored keys. */
export const keyEvents = {
  'keys:changed': event<{ ids: string[] }>(),
};
