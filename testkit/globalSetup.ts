/** Placeholder until the shared test environment lands (see testkit/README in the foundation commit). */
export default async function globalSetup(): Promise<void> {}
