import type { Directory, PersonInfo } from '../../platform/directory/directory';

/**
 * The person behind a verified WeCom UserID. One WeCom app serves the deployment, which may hold
 * several plants: the first plant (by id) that lists the UserID wins.
 */
export async function resolveWecomPerson(directory: Directory, userId: string, plantIds?: string[]): Promise<PersonInfo | null> {
  for (const plantId of plantIds ?? (await directory.plantIds())) {
    const person = await directory.personByPlatform(plantId, 'wecom', userId);
    if (person) return person;
  }
  return null;
}

/**
 * resolveWecomPerson with the plant list cached as long as the directory caches people (every
 * callback resolves its sender; plants come and go only with a restart or an import).
 */
export function wecomPersonResolver(directory: Directory, ttlMs = 30_000, now: () => number = Date.now) {
  let cached: { ids: string[]; at: number } | null = null;
  return async (userId: string): Promise<PersonInfo | null> => {
    if (!cached || now() - cached.at >= ttlMs) cached = { ids: await directory.plantIds(), at: now() };
    return resolveWecomPerson(directory, userId, cached.ids);
  };
}
