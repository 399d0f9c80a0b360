/**
 * Splitting a body of concatenated JSON objects (`{…}{…}` or `{…}\n{…}`, what Splunk HEC clients
 * send) into one text per object without parsing it twice: a scan that only tracks strings,
 * escapes and brace depth. Each piece is then JSON.parse'd by the caller.
 */
import { MalformedBody } from './record.ts';

const OPEN = 123; // {
const CLOSE = 125; // }
const QUOTE = 34;
const BACKSLASH = 92;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * The texts of the top-level JSON objects in `text`, in order. Whitespace between them is allowed;
 * anything else between objects, or an object left open, is a MalformedBody naming the offset.
 */
export function splitConcatenatedObjects(text: string): string[] {
  const out: string[] = [];
  const len = text.length;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c !== OPEN) throw new MalformedBody(`expected a JSON object at offset ${i}, found ${JSON.stringify(text.slice(i, i + 20))}`);
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < len; i++) {
      const ch = text.charCodeAt(i);
      if (inString) {
        if (ch === BACKSLASH) i++;
        else if (ch === QUOTE) inString = false;
      } else if (ch === QUOTE) inString = true;
      else if (ch === OPEN || ch === 91) depth++;
      else if (ch === CLOSE || ch === 93) {
        depth--;
        if (depth === 0) break;
      }
    }
    if (i >= len) throw new MalformedBody(`the JSON object starting at offset ${start} is not closed`);
    i++;
    out.push(text.slice(start, i));
  }
  return out;
}
