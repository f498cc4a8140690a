import type { PlantFile } from './plantSchema';

/**
 * Masks a phone number for display: a mainland mobile keeps its first 3 and last 4 digits
 * (138****1234); anything else keeps only its last 4.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const mobile = /^(?:86)?(1\d{2})\d{4}(\d{4})$/.exec(digits);
  if (mobile) return `${mobile[1]}****${mobile[2]}`;
  return digits.length > 4 ? `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}` : '****';
}

const ENV_NAME = /^[A-Z][A-Z0-9_]{1,127}$/;

/** Defence in depth: a value that is not an env var name may be a pasted secret, so it is hidden. */
function envNameOnly(ref: string | undefined): string | undefined {
  if (ref === undefined) return undefined;
  return ENV_NAME.test(ref) ? ref : '[redacted]';
}

/**
 * The plant configuration as the admin read API shows it. Plant files hold no secrets, only the
 * names of the env vars that do (`robotKeyRef`, `robotSecretRef`), and those names are shown as they
 * are — this function never resolves them. Personal data is masked (phones). Returns a copy.
 */
export function redactPlant(plant: PlantFile): PlantFile {
  return {
    ...plant,
    people: plant.people.map((p) => (p.phone === undefined ? { ...p } : { ...p, phone: maskPhone(p.phone) })),
    groups: plant.groups.map((g) => ({
      ...g,
      robotKeyRef: envNameOnly(g.robotKeyRef),
      robotSecretRef: envNameOnly(g.robotSecretRef),
    })),
  };
}
