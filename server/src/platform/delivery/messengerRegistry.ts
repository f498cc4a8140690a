import type { Messenger, Platform } from '../../../../bot/src/messenger';
import type { PersonInfo } from '../directory/directory';

/** Preference when a person has ids on several platforms: the real messengers first. */
const PREFERENCE: Platform[] = ['wecom', 'dingtalk', 'sandbox'];

/** The enabled adapters, and which one reaches a given person. */
export class MessengerRegistry {
  private readonly messengers = new Map<Platform, Messenger>();

  add(m: Messenger): void {
    this.messengers.set(m.platform, m);
  }

  get(platform: Platform): Messenger | undefined {
    return this.messengers.get(platform);
  }

  /** The adapter and user id to reach this person with, or null when no enabled platform knows them. */
  forPerson(person: PersonInfo, pinned?: Platform): { messenger: Messenger; userId: string } | null {
    for (const p of pinned ? [pinned, ...PREFERENCE] : PREFERENCE) {
      const m = this.messengers.get(p);
      const userId = person.messengerIds[p];
      if (m && userId) return { messenger: m, userId };
    }
    return null;
  }
}
