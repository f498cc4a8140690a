import type { ServerDeps } from '../serverDeps';

/** The H5 pages under /m/ (report, tasks, check-in). */
export function registerH5Pages(_deps: ServerDeps): void {
  // Filled in below.
}
