// RFC 8785 (JCS) canonical JSON: sorted keys, fixed number and string forms.
import canonicalizeLib from 'canonicalize';

/**
 * The exact string that is hashed. Dates become ISO strings with milliseconds first (JSON's
 * own Date form), so PGlite and PostgreSQL rows verify alike; `undefined` fields are dropped.
 */
export function canonicalJson(value: unknown): string {
  const plain = JSON.parse(JSON.stringify(value ?? null));
  const out = canonicalizeLib(plain);
  if (out === undefined) throw new Error('value cannot be canonicalized');
  return out;
}
