// Stripe's request encoding: application/x-www-form-urlencoded with bracketed keys, as
// the stripe SDK writes it (`line_items[0][price_data][unit_amount]=1500`,
// `metadata[call_id]=…`, `expand[]=line_items`). Decoded into plain nested objects and
// arrays of strings; the API's zod schemas coerce the numbers. Nothing is trusted here.

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

export class FormError extends Error {}

const MAX_DEPTH = 8;

/** `a[b][0][c]` → ["a", "b", "0", "c"]; `expand[]` → ["expand", ""] (append). */
function keyPath(key: string): string[] {
  const first = key.indexOf("[");
  if (first < 0) return [key];
  const path = [key.slice(0, first)];
  const rest = key.slice(first);
  const segment = /\[([^\]]*)\]/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = segment.exec(rest)) !== null) {
    path.push(match[1]!);
    consumed = segment.lastIndex;
  }
  if (consumed !== rest.length) throw new FormError(`Invalid parameter name: ${key}`);
  return path;
}

const isIndex = (segment: string) => segment === "" || /^\d+$/.test(segment);

export function decodeForm(body: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = keyPath(key);
    if (path.length > MAX_DEPTH || path[0] === "") throw new FormError(`Invalid parameter name: ${key}`);
    let node: FormValue = root;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      const last = i === path.length - 1;
      const next: FormValue = last ? value : isIndex(path[i + 1]!) ? [] : {};
      if (Array.isArray(node)) {
        if (!isIndex(segment)) throw new FormError(`Invalid array index in ${key}`);
        const index: number = segment === "" ? node.length : Number(segment);
        if (index > node.length) throw new FormError(`Invalid array index in ${key}: indices must start at 0 and have no gaps`);
        if (last) node[index] = value;
        else node = node[index] ??= next;
      } else if (typeof node === "object") {
        if (["__proto__", "constructor", "prototype"].includes(segment)) throw new FormError(`Invalid parameter name: ${key}`);
        if (last) node[segment] = value;
        else node = node[segment] ??= next;
      } else {
        throw new FormError(`Invalid parameter: ${key} mixes a value and nested keys`);
      }
    }
  }
  return root;
}
