import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMiniprogram, generatedSources, H5_OUTBOX_JS, h5OutboxSource, ROOT } from './buildMiniprogram';

describe('build:miniprogram', () => {
  test('the committed generated sources match the server\'s statuses and texts (rebuild if this fails)', () => {
    for (const [rel, text] of Object.entries(generatedSources())) {
      expect(readFileSync(join(ROOT, 'miniprogram', rel), 'utf8')).toBe(text);
    }
    expect(generatedSources()['generated/statusNames.ts']).toContain('"awaiting_verification"');
  });

  test('the H5 copy of the outbox core is current', () => {
    expect(readFileSync(H5_OUTBOX_JS, 'utf8')).toBe(h5OutboxSource());
  });

  test('builds a folder DevTools opens: compiled pages, assets, appid and server URL; no tests', () => {
    const out = mkdtempSync(join(tmpdir(), 'mp-dist-'));
    try {
      buildMiniprogram({ server: 'https://ehs.example.com/', appid: 'wx0123456789abcdef', outDir: out });
      const files = readdirSync(out, { recursive: true }).map(String);
      for (const f of ['app.js', 'app.json', 'project.config.json', 'pages/hazards/report/index.js', 'pages/hazards/report/index.wxml', 'services/transport.js', 'outbox/outboxCore.js']) {
        expect(files).toContain(f);
      }
      expect(files.filter((f) => /test|testkit|\.ts$/.test(f))).toEqual([]);
      expect(JSON.parse(readFileSync(join(out, 'project.config.json'), 'utf8')).appid).toBe('wx0123456789abcdef');
      expect(readFileSync(join(out, 'generated', 'buildConfig.js'), 'utf8')).toContain('"serverUrl":"https://ehs.example.com"');
      // Only the transport module calls the network APIs.
      const callers = files.filter((f) => f.endsWith('.js') && /wx\.(request|uploadFile|downloadFile)\(/.test(readFileSync(join(out, f), 'utf8')));
      expect(callers).toEqual(['services/transport.js']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
