/**
 * Sizes and names the console's contract, main and renderer agree on.
 *
 * Why: the renderer decides between the tree and the paged raw view, and main decides what to
 * send inline, from the same numbers; keeping them in one place stops the two from drifting.
 */

/** HTTP methods the console offers. */
export const CONSOLE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

/** Request bodies the console sends (the browser-mode bridge reads at most 8 MB of JSON input). */
export const MAX_CONSOLE_BODY_CHARS = 6_000_000;

/** Bodies up to this many bytes travel with the response as text; larger ones are read in pieces. */
export const INLINE_BODY_BYTES = 512 * 1024;

/** The largest piece (in bytes) `console:read-body` returns. */
export const MAX_READ_CHUNK = 8 * 1024 * 1024;

/** Main stops reading a response body after this many bytes and flags it as truncated. */
export const MAX_RESPONSE_BYTES = 192 * 1024 * 1024;

/** Bodies over this many bytes are shown raw and paged instead of as a tree. */
export const MAX_TREE_BYTES = 96 * 1024 * 1024;
