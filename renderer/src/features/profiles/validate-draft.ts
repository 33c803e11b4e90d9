import { checkScopeString } from '../../../../app/conformance/scopes/index.ts';
import { isAuthCode, ProfileInput } from '../../../../app/profiles/index.ts';

/** Field errors by dotted path, and scope warnings from the conformance engine's grammar rules. */
export interface DraftCheck {
  errors: Record<string, string>;
  scopeFindings: { rule: string; severity: string; message: string }[];
}

/**
 * Validates a profile draft with the same schema main uses, plus the SMART scope grammar, so
 * the form explains problems before the user saves.
 */
export function validateDraft(draft: ProfileInput): DraftCheck {
  const errors: Record<string, string> = {};
  const parsed = ProfileInput.safeParse(draft);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      errors[path] ??= issue.message;
    }
  }
  const flow = draft.authMethod.startsWith('client-credentials') ? 'backend' : isAuthCode(draft.authMethod) ? 'app-launch-standalone' : undefined;
  const scopeFindings = flow && draft.scopes?.trim()
    ? checkScopeString(draft.scopes, { flow }).filter((f) => f.severity !== 'info').map(({ rule, severity, message }) => ({ rule, severity, message }))
    : [];
  return { errors, scopeFindings };
}
