import { loadEnv } from '../server/src/env';
import { verifyChain, VerifyResult } from '../server/src/platform/evidence/verifyChain';
import { cliArgs, fail } from './lib/cliArgs';
import { choosePlant, withData } from './lib/dataAccess';

const USAGE = `usage: npm run verify-chain -- [--plant <id>] [--page 5000]

Re-hashes the evidence chain from the first event and names the first broken link. Runs through
the running server (page by page, with progress) or on a stopped DATA_DIR / PostgreSQL.`;

function progress(checked: number, total: number): void {
  process.stderr.write(`\rverified ${checked}/${total} events`);
}

function report(r: VerifyResult): never {
  process.stderr.write('\n');
  if (r.ok) {
    process.stdout.write(`chain ok: plant ${r.plantId}, ${r.checked} events, head #${r.head.seq} ${r.head.hash}\n`);
    process.exit(0);
  }
  process.stdout.write(`CHAIN BROKEN: plant ${r.plantId}, first broken link #${r.firstBroken?.seq} (${r.firstBroken?.reason})\n`);
  process.exit(3);
}

async function main(): Promise<void> {
  const { values } = cliArgs({ plant: { type: 'string' }, page: { type: 'string' } }, USAGE);
  const page = Number(values.page ?? 5000);
  if (!Number.isInteger(page) || page < 1) fail('--page must be a positive integer', 2);
  const env = loadEnv();
  const result = await withData(env, {
    async online(server) {
      const headers = values.plant ? { 'X-Plant-Id': values.plant } : {};
      let from: { seq: number; hash: string } | null = null;
      let checked = 0;
      for (;;) {
        const params: Record<string, string | number> = { limit: page, ...(from ? { fromSeq: from.seq, fromHash: from.hash } : {}) };
        const res = await server.http.get('/api/audit/verify', { params, headers });
        if (res.status !== 200) throw new Error(`server refused: ${res.status} ${JSON.stringify(res.data?.error ?? res.data)}`);
        const r = res.data as VerifyResult;
        checked += r.checked;
        progress(checked, r.total);
        if (!r.ok || r.complete) return { ...r, checked };
        from = r.last;
      }
    },
    async offline(db) {
      const plantId = await choosePlant(db, values.plant);
      return verifyChain(db, plantId, { pageSize: page, onProgress: progress });
    },
  });
  report(result);
}

main().catch((err) => fail(`verify-chain: ${(err as Error).message}`));
