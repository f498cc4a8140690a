import { parseArgs } from 'node:util';

/** Parses `--flag value` options (node's own parser), exiting with usage text on unknown flags. */
export function cliArgs<T extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(
  options: T,
  usage: string,
  argv = process.argv.slice(2),
): { values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string }; positionals: string[] } {
  try {
    const r = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return r as unknown as { values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string }; positionals: string[] };
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage}\n`);
    process.exit(2);
  }
}

/** Prints an error and exits with a non-zero code. */
export function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}
