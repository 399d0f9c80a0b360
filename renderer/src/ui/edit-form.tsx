/** The frame every edit form shares (sources, endpoints, rules): no browser validation, a labelled form, and one banner for what no field shows. */
import type { FormEvent, JSX, ReactNode } from 'react';
import type { FieldErrors } from './form-errors.ts';

/** The messages whose field has no input on screen (and the form-level one), joined for the banner. */
function unshownErrors(errors: FieldErrors, shown: ReadonlySet<string>): string {
  return Object.entries(errors)
    .filter(([k]) => !shown.has(k))
    .map(([, v]) => v)
    .join(' ');
}

/** `<form noValidate>` with the form-error banner on top (focused by the form's own invalid-field finder). */
export function EditForm({
  name,
  label,
  errors,
  shown,
  onSubmit,
  children,
}: {
  /** Both the form's class and its data-testid (e2e specs and the invalid-field finder use them). */
  name: string;
  label: string;
  errors: FieldErrors;
  shown: ReadonlySet<string>;
  onSubmit(e: FormEvent): Promise<void>;
  children: ReactNode;
}): JSX.Element {
  const formError = unshownErrors(errors, shown);
  return (
    <form className={name} onSubmit={(e) => void onSubmit(e)} noValidate aria-label={label} data-testid={name}>
      {formError && (
        <div className="notice notice-error" role="alert" tabIndex={-1} data-testid="form-error">
          {formError}
        </div>
      )}
      {children}
    </form>
  );
}
