/** One problem in one plant file. */
export interface PlantConfigProblem {
  /** The file as given to the loader. */
  file: string;
  /** Dotted path into the file (`areas[2].geofence.points`), or `line L, col C` for YAML syntax errors. */
  path: string;
  /** What is wrong, for an operator to fix. */
  message: string;
  /** 1-based line of the offending node, when known. */
  line?: number;
}

/** Formats a zod/YAML path as `areas[2].geofence.points`; the root is `(root)`. */
export function formatConfigPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out || '(root)';
}

/**
 * Thrown when plant files are unreadable or invalid; start-up stops on it. The message lists every
 * problem as `<file>: <path>: <problem>` (with the line when known), one per line.
 */
export class PlantConfigError extends Error {
  /** Stable code for the error catalogue and logs. */
  readonly code = 'plant_config_invalid';
  readonly problems: readonly PlantConfigProblem[];

  constructor(problems: readonly PlantConfigProblem[]) {
    const lines = problems.map(
      (p) => `${p.file}: ${p.path}: ${p.message}${p.line !== undefined && !p.path.startsWith('line ') ? ` (line ${p.line})` : ''}`,
    );
    super(`invalid plant configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'PlantConfigError';
    this.problems = problems;
  }
}
