import { useId, type ReactNode } from 'react';

/** Props shared by labelled form controls. */
interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string;
  warnings?: string[];
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string }) => ReactNode;
}

/**
 * A labelled form control with its hint, error and warnings wired to aria attributes, so every
 * input has a label and every problem is announced with words next to it.
 */
export function Field({ label, hint, error, warnings = [], children }: FieldProps) {
  const id = useId();
  const described = `${id}-desc`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': described })}
      <div id={described}>
        {error && <div className="error" role="alert">{error}</div>}
        {warnings.map((w) => <div className="warning" key={w}>{w}</div>)}
        {hint && !error && <div className="hint">{hint}</div>}
      </div>
    </div>
  );
}
