/**
 * JSON Canonicalization Scheme (RFC 8785): object members sorted by their UTF-16 code units,
 * no whitespace, strings and numbers serialized as ECMAScript's JSON.stringify does (RFC 8785
 * §3.2.2.2 and §3.2.2.3 adopt exactly that). Lone surrogates, NaN and Infinity are refused.
 * Written with plain loops and string appends (no map/join/filter): it runs once or twice per
 * audit event when a million are sealed or verified.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // RFC 8785 §3.2.2.3: ECMAScript Number::toString (what JSON.stringify writes; -0 gives "0").
      if (!Number.isFinite(value)) throw new TypeError('RFC 8785: NaN and Infinity have no JSON form');
      return String(value);
    case 'string':
      return canonicalString(value);
    case 'object':
      break;
    default:
      throw new TypeError(`RFC 8785: ${typeof value} has no JSON form`);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index];
      if (index > 0) out += ',';
      out += item === undefined ? 'null' : canonicalJson(item);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // Array.prototype.sort without a comparator orders by UTF-16 code units, as RFC 8785 §3.2.3 asks.
  if (keys.length > 1) keys.sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    out += first ? '' : ',';
    out += `${canonicalString(key)}:${canonicalJson(item)}`;
    first = false;
  }
  return `${out}}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What JSON.stringify escapes (controls, quote, backslash) or checks (surrogates). */
const NEEDS_CARE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** RFC 8785 §3.2.2.2: JSON.stringify's escaping; strings must be valid UTF-16 (no lone surrogates). */
export function canonicalString(value: string): string {
  // Most audit strings need no escape: then their JSON form is the string in quotes.
  if (!NEEDS_CARE.test(value)) return `"${value}"`;
  const json = JSON.stringify(value);
  // JSON.stringify writes a lone surrogate as the escape \udXXX, so only a string whose JSON form
  // holds "\ud" needs the (slower) exact check: the common case costs one substring search.
  if (json.includes('\\ud') && LONE_SURROGATE.test(value))
    throw new TypeError('RFC 8785: lone surrogates cannot be serialized');
  return json;
}
