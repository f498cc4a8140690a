import { EnvError, loadEnv } from './env';
import { PlantConfigError } from './platform/config/plantConfigError';
import { DataDirLockedError } from './platform/db/dataDirLock';
import { createLogger } from './platform/log';
import { allModules } from './modules';
import { startServer } from './startServer';

/** `npm start`: the server on the configured database, with the Sandbox when it is on. */
async function main(): Promise<void> {
  let env;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(env.LOG_LEVEL);
  let server;
  try {
    server = await startServer({ env, modules: allModules(), logger: log });
  } catch (err) {
    if (err instanceof PlantConfigError || err instanceof DataDirLockedError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const base = env.PUBLIC_URL ?? server.url;
  log.info({ url: base, database: server.deps.db.kind, sandbox: env.sandboxEnabled }, 'server started');
  process.stdout.write(`\nAnquan is running at ${base}\n`);
  if (env.sandboxEnabled) process.stdout.write(`Sandbox chat: ${base}/sandbox\n`);
  process.stdout.write(`API document: ${base}/api/openapi.json\n\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new work, draining jobs');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    await server.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`fatal: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
