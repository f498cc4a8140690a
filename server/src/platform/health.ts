/** One component's readiness as shown in /readyz. */
export interface ComponentStatus {
  ok: boolean;
  /** Short state word: up, down, stale, standby, disabled ... */
  state: string;
  detail?: Record<string, unknown>;
}

/**
 * Components report their status here (database, jobs, each integration). Runtime faults show up
 * in /readyz instead of crashing the process.
 */
export class HealthRegistry {
  private readonly checks = new Map<string, () => ComponentStatus | Promise<ComponentStatus>>();
  draining = false;

  register(name: string, check: () => ComponentStatus | Promise<ComponentStatus>): void {
    this.checks.set(name, check);
  }

  unregister(name: string): void {
    this.checks.delete(name);
  }

  /** Every component's status; `ready` is false while draining or when a required one fails. */
  async report(): Promise<{ ready: boolean; components: Record<string, ComponentStatus> }> {
    const components: Record<string, ComponentStatus> = {};
    for (const [name, check] of this.checks) {
      try {
        components[name] = await check();
      } catch (err) {
        components[name] = { ok: false, state: 'error', detail: { message: err instanceof Error ? err.message : String(err) } };
      }
    }
    // Integrations (OPC UA, messengers) being down degrades, but the server still serves;
    // only the database and job system decide readiness.
    const required = ['database', 'jobs'];
    const ready = !this.draining && required.every((n) => components[n]?.ok !== false);
    return { ready, components };
  }
}
