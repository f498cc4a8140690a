import type { Directory, PersonInfo } from '../../platform/directory/directory';

/**
 * The person behind a verified WeCom UserID. One WeCom app serves the deployment, which may hold
 * several plants: the first plant (by id) that lists the UserID wins.
 */
export async function resolveWecomPerson(directory: Directory, userId: string): Promise<PersonInfo | null> {
  for (const plantId of await directory.plantIds()) {
    const person = await directory.personByPlatform(plantId, 'wecom', userId);
    if (person) return person;
  }
  return null;
}
