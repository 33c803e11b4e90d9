/**
 * The sandbox's single runtime import of oidc-provider (types may be imported directly).
 *
 * Why: loading it through here keeps its Node-20 runtime notice out of the console
 * (`oidc-quiet-load.ts`); ES modules evaluate imports in order, so the filter is in place
 * before oidc-provider runs and removed right after.
 */
import { endQuietOidcLoad } from './oidc-quiet-load.ts';
import Provider, { errors } from 'oidc-provider';

endQuietOidcLoad();

export { Provider, errors };
