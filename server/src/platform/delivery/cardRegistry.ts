import type { CardBuilder } from './deliveryTypes';

/** Card kinds → builders. Domains register theirs at start-up; the delivery job looks them up. */
export class CardRegistry {
  private readonly builders = new Map<string, CardBuilder>();

  register(kind: string, builder: CardBuilder): void {
    if (this.builders.has(kind)) throw new Error(`card kind ${kind} registered twice`);
    this.builders.set(kind, builder);
  }

  get(kind: string): CardBuilder {
    const b = this.builders.get(kind);
    if (!b) throw new Error(`no card builder for ${kind}`);
    return b;
  }

  kinds(): string[] {
    return [...this.builders.keys()];
  }
}
