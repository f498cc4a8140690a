import type { TestServer } from './testServer';

/** Finds a demo person by key and returns a session token for them (Sandbox session). */
export async function sessionFor(server: TestServer, personKey: string): Promise<{ token: string; personId: string; plantId: string }> {
  const plantId = (await server.deps.directory.plantIds())[0];
  const person = await server.deps.directory.personByKey(plantId, personKey);
  if (!person) throw new Error(`no demo person ${personKey}`);
  const { token } = server.deps.sessions.issue(plantId, person.id, 'sandbox');
  return { token, personId: person.id, plantId };
}

/** An `Authorization` header for a person of the demo plant. */
export async function authAs(server: TestServer, personKey: string): Promise<Record<string, string>> {
  const s = await sessionFor(server, personKey);
  return { Authorization: `Bearer ${s.token}` };
}
