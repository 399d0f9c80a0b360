/**
 * OTLP attribute values → plain JSON, shared by the JSON and protobuf decodings (both arrive as
 * the same camelCase object shape). Dotted attribute keys (`service.name`) are nested
 * (`{service: {name}}`) so Log Viewer's `raw.resource.service.name:` path reaches them; a key that
 * would clash with a nested one stays dotted.
 */
import { isObject } from './record.ts';

type Obj = Record<string, unknown>;

/** One AnyValue (`{stringValue}`, `{intValue}`, `{kvlistValue:{values}}` …) → its JSON value. */
export function anyValue(v: unknown): unknown {
  if (!isObject(v)) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.arrayValue !== undefined) {
    const values = isObject(v.arrayValue) && Array.isArray(v.arrayValue.values) ? v.arrayValue.values : [];
    return values.map(anyValue);
  }
  if (v.kvlistValue !== undefined) return attributes(isObject(v.kvlistValue) ? v.kvlistValue.values : []);
  if (v.bytesValue !== undefined) return Buffer.isBuffer(v.bytesValue) ? v.bytesValue.toString('base64') : String(v.bytesValue);
  return null;
}

function place(out: Obj, key: string, value: unknown): void {
  if (!key.includes('.')) {
    if (key !== '__proto__' && !Object.hasOwn(out, key)) out[key] = value;
    else Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    return;
  }
  const parts = key.split('.');
  if (parts.length > 1 && parts.every((p) => p !== '' && p !== '__proto__')) {
    let at = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const p = parts[i]!;
      const next = Object.hasOwn(at, p) ? at[p] : undefined;
      if (next === undefined) {
        const fresh: Obj = {};
        at[p] = fresh;
        at = fresh;
      } else if (isObject(next)) at = next;
      else {
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        return;
      }
    }
    const leaf = parts[parts.length - 1]!;
    if (!Object.hasOwn(at, leaf)) {
      at[leaf] = value;
      return;
    }
  }
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A KeyValue list → an object (dotted keys nested). `__proto__` stays an own key. */
export function attributes(list: unknown): Obj {
  const out: Obj = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (!isObject(kv) || typeof kv.key !== 'string') continue;
    place(out, kv.key, anyValue(kv.value));
  }
  return out;
}
