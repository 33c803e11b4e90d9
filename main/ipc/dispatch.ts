import { CONTRACT, AppFailure, fail, ok, type Handlers, type MethodName, type Result } from '../../app/contract/index.ts';

/** Calls one contract method with untrusted input and always resolves to a Result. */
export type Dispatch = (method: string, input: unknown) => Promise<Result<unknown>>;

/** Reports unexpected exceptions (a bug, not a user error) somewhere a developer can see them. */
export type ErrorReporter = (method: string, error: unknown) => void;

const isMethod = (m: string): m is MethodName => Object.prototype.hasOwnProperty.call(CONTRACT, m);

/**
 * The single entry point from any transport (IPC or HTTP bridge) into main's services.
 *
 * Validates input against the contract's schema (renderer input is untrusted), calls the
 * handler, and turns every outcome, including unexpected exceptions, into a typed Result.
 */
export function createDispatcher(handlers: Handlers, report: ErrorReporter = () => {}): Dispatch {
  return async (method, input) => {
    if (!isMethod(method)) return fail('UNKNOWN_METHOD', `No such method: ${String(method).slice(0, 80)}`);
    const parsed = CONTRACT[method].input.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
      const first = issues[0];
      const where = first?.path ? `${first.path}: ` : '';
      return fail('INVALID_INPUT', `${where}${first?.message ?? 'Invalid input'}`, issues);
    }
    try {
      const handler = handlers[method] as (i: unknown) => Promise<unknown>;
      return ok(await handler(parsed.data));
    } catch (e) {
      if (e instanceof AppFailure) return fail(e.code, e.message, e.issues);
      report(method, e);
      return fail('INTERNAL', `Unexpected error in ${method}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}
