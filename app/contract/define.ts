import type { z } from 'zod';

/**
 * One contract method: the zod schema main validates its input with, and (as a phantom type)
 * what it returns.
 *
 * Keeping input schemas in the contract means main and the renderer's forms validate with the
 * same rules, and the output type travels with the method name.
 */
export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  readonly __output?: O;
}

/** Declares a method: `method(schema).returns<Output>()`. */
export function method<I extends z.ZodType>(input: I) {
  return { returns: <O>(): MethodDef<I, O> => ({ input }) };
}

/** One pushed event: the payload type only (events flow main -> renderer, nothing to validate). */
export interface EventDef<P = unknown> { readonly __payload?: P }

/** Declares a pushed event with its payload type. */
export const event = <P>(): EventDef<P> => ({});
