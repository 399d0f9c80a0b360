/**
 * A <select> over a list of options, with an optional leading "All …" / "None" option whose value
 * is ''. The chosen value reaches `onValue` typed as the options' values (plus '' when `empty` is
 * set), so screens never cast `e.target.value` themselves. Props a <Field> adds (id, aria-*) and
 * any other <select> attribute pass through.
 */
import type { JSX, SelectHTMLAttributes } from 'react';

export interface SelectOption<V extends string> {
  value: V;
  label: string;
}

type Base = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value' | 'children'> & { value: string; 'data-testid'?: string };
type SelectProps<V extends string> = Base &
  (
    | { options: readonly SelectOption<V>[]; empty?: undefined; onValue(value: NoInfer<V>): void }
    | { options: readonly SelectOption<V>[]; empty: string; onValue(value: NoInfer<V> | ''): void }
  );

export function Select<V extends string>({ options, empty, onValue, ...rest }: SelectProps<V>): JSX.Element {
  return (
    <select {...rest} onChange={(e) => onValue(e.target.value as V)}>
      {empty !== undefined && <option value="">{empty}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** Options from records with an id and a name (platforms, sources, rules, endpoints …). */
export function namedOptions(items: readonly { id: string; name: string }[]): SelectOption<string>[] {
  return items.map((i) => ({ value: i.id, label: i.name }));
}

/** Options from a list of values, labelled by a map (or shown as they are). */
export function valueOptions<V extends string>(values: readonly V[], labels?: Readonly<Record<NoInfer<V>, string>>): SelectOption<V>[] {
  return values.map((v) => ({ value: v, label: labels ? labels[v] : v }));
}
