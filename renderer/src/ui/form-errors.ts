/**
 * Form errors, one shape for every form (log sources, platforms, rules, endpoints): field key →
 * message, with '' for a message about the form as a whole.
 */
import { ClientError } from '../client.ts';

/** Field key → message. Keys are API field names (e.g. 'name', 'credentials.apiKey'); '' is form-level. */
export type FieldErrors = Record<string, string>;

/**
 * Map a failed save onto fields: the engine names the field in a VALIDATION_ERROR's
 * `details.field` (a list index such as `tags[2]` points at the list); anything else, or an error
 * about the record's id, becomes the form-level message.
 */
export function fieldErrorsFromError(err: unknown): FieldErrors {
  if (err instanceof ClientError && err.code === 'VALIDATION_ERROR') {
    const field = (err.details as { field?: unknown } | undefined)?.field;
    if (typeof field === 'string' && field !== 'id') return { [field.replace(/\[\d+\]$/, '')]: besideField(field, err.message) };
  }
  return { '': err instanceof Error ? err.message : String(err) };
}

/**
 * The engine's message names its API field first ("patternValue is required …") so it reads on its
 * own over HTTP; beside the field, under its own label, that name is noise (and not a word the
 * analyst was shown), so it is dropped: "Required for a pattern rule".
 */
export function besideField(field: string, message: string): string {
  if (!message.startsWith(`${field} `)) return message;
  const rest = message.slice(field.length + 1).replace(/^is /, '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
