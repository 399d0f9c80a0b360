/**
 * Rendering Serilog/Seq message templates (`User {Name} logged in from {@Client}`) with the event's
 * properties, the way Seq shows them: `{{`/`}}` are literal braces, `{@X}`/`{$X}` and format or
 * alignment suffixes (`{Elapsed:0.00}`, `{Name,10}`) take the property's value; strings appear
 * without quotes, other values as JSON; an unknown property keeps its `{Token}` text.
 */

function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return JSON.stringify(v) ?? String(v);
}

/** The rendered message. Never throws: a malformed hole is kept as written. */
export function renderTemplate(template: string, props: Record<string, unknown>): string {
  let out = '';
  let i = 0;
  const len = template.length;
  while (i < len) {
    const c = template[i]!;
    if (c === '{') {
      if (template[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      const close = template.indexOf('}', i + 1);
      if (close < 0) {
        out += template.slice(i);
        break;
      }
      const token = template.slice(i + 1, close);
      const m = /^[@$]?([A-Za-z0-9_]+)(?:,-?\d+)?(?::[^}]*)?$/.exec(token);
      out += m && Object.hasOwn(props, m[1]!) ? valueText(props[m[1]!]) : `{${token}}`;
      i = close + 1;
      continue;
    }
    if (c === '}' && template[i + 1] === '}') {
      out += '}';
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
