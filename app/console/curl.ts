/**
 * Copy as curl: the console's request as a shell command someone can paste into a terminal or
 * a support ticket.
 *
 * Why: developers reproduce a FHIR call outside the app or hand it to a vendor. The token is
 * replaced by `$ACCESS_TOKEN` unless the user explicitly chooses to include it, so a pasted
 * command does not leak a live credential by default.
 */

/** Placeholder used when the token is left out. */
export const TOKEN_PLACEHOLDER = '$ACCESS_TOKEN';

/** Quotes a value for POSIX shells: single quotes, with embedded `'` closed and escaped. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** What curl needs. `token` is the real token, or undefined for the placeholder. */
export interface CurlInput {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Authorization to add: `{ scheme, token }`; a missing token becomes `$ACCESS_TOKEN`. */
  auth?: { scheme: string; token?: string };
}

/** Builds the multi-line curl command. */
export function toCurl(input: CurlInput): string {
  const lines: string[] = [];
  const method = input.method.toUpperCase();
  if (input.auth && input.auth.token === undefined) lines.push('# Set ACCESS_TOKEN first; the app leaves the token out unless you ask for it.');
  const args: string[] = [`curl${method === 'GET' ? '' : ` -X ${method}`} ${shellQuote(input.url)}`];
  for (const [name, value] of Object.entries(input.headers)) {
    if (input.auth && name.toLowerCase() === 'authorization') continue;
    args.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (input.auth) {
    args.push(input.auth.token === undefined
      ? `-H "Authorization: ${input.auth.scheme} ${TOKEN_PLACEHOLDER}"`
      : `-H ${shellQuote(`Authorization: ${input.auth.scheme} ${input.auth.token}`)}`);
  }
  if (input.body !== undefined && input.body !== '') args.push(`--data-binary ${shellQuote(input.body)}`);
  lines.push(args.join(' \\\n  '));
  return lines.join('\n');
}
