#!/usr/bin/env node
// Test environment as code: makes sure the services the suite talks to are installed and running
// before jest starts. Idempotent; safe to run on every `npm test`. With CI=true, anything that
// cannot be made to work fails the run (never a silent skip).
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const net = require('node:net');

const CI = process.env.CI === 'true' || process.env.CI === '1';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const problems = [];
let aptUpdated = false;

function log(msg) {
  process.stderr.write(`[test-setup] ${msg}\n`);
}

function sh(cmd) {
  const r = spawnSync('bash', ['-c', cmd], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 600_000 });
  return { ok: r.status === 0, out: `${r.stdout || ''}${r.stderr || ''}`.trim() };
}

function portOpen(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    const done = (ok) => { s.destroy(); resolve(ok); };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function waitPort(port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await portOpen(port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function aptInstall(pkgs) {
  if (!isRoot || !existsSync('/usr/bin/apt-get')) return false;
  if (!aptUpdated) {
    log('apt-get update');
    sh('DEBIAN_FRONTEND=noninteractive apt-get update -qq');
    aptUpdated = true;
  }
  log(`apt-get install ${pkgs.join(' ')}`);
  return sh(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs.join(' ')}`).ok;
}

async function ensurePostgres() {
  if (await portOpen(5432)) return;
  if (!existsSync('/etc/postgresql')) aptInstall(['postgresql']);
  if (existsSync('/etc/postgresql')) {
    const versions = readdirSync('/etc/postgresql');
    for (const v of versions) {
      log(`starting PostgreSQL ${v}`);
      sh(`pg_ctlcluster --skip-systemctl-redirect ${v} main start`);
    }
  }
  if (!(await waitPort(5432, 20))) problems.push('PostgreSQL is not listening on 127.0.0.1:5432');
}

async function ensurePostgresDatabase() {
  if (!(await portOpen(5432))) return;
  // The suite connects as postgres (trust auth) to database "test" and creates its own databases.
  const r = sh(`psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'"`);
  if (!r.ok) {
    problems.push(`cannot connect to PostgreSQL as postgres with trust auth: ${r.out.split('\n')[0]}`);
    return;
  }
  if (r.out.trim() !== '1') sh(`psql -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE test"`);
}

async function ensureMosquitto() {
  if (await portOpen(1883)) return;
  if (!existsSync('/usr/sbin/mosquitto')) aptInstall(['mosquitto']);
  if (existsSync('/usr/sbin/mosquitto')) {
    log('starting Mosquitto');
    sh('mosquitto -d -c /etc/mosquitto/mosquitto.conf');
  }
  if (!(await waitPort(1883, 10))) problems.push('Mosquitto is not listening on 127.0.0.1:1883');
}

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  if (!aptInstall(['chromium']) || !existsSync('/usr/bin/chromium')) problems.push('Debian Chromium (/usr/bin/chromium) is missing: apt-get install -y chromium');
}

function ensureFonts() {
  // Chinese text in PDFs, watermarks and chart labels needs a CJK font.
  const has = sh('fc-list :lang=zh family 2>/dev/null | head -1');
  if (has.ok && has.out) return;
  if (!aptInstall(['fonts-noto-cjk', 'fontconfig'])) problems.push('no CJK font (fonts-noto-cjk) for PDFs and watermarks');
}

function ensurePoppler() {
  // pdftoppm lets tests look at rendered PDF pages.
  if (existsSync('/usr/bin/pdftoppm')) return;
  aptInstall(['poppler-utils']);
}

(async () => {
  await ensurePostgres();
  await ensurePostgresDatabase();
  await ensureMosquitto();
  ensureChromium();
  ensureFonts();
  ensurePoppler();
  if (problems.length) {
    for (const p of problems) log(`PROBLEM: ${p}`);
    if (CI) {
      log('CI=true: a missing service fails the run.');
      process.exit(1);
    }
    log('continuing outside CI; tests that need these services will fail and say why.');
  } else {
    log('PostgreSQL, Mosquitto, Chromium and fonts are ready.');
  }
})().catch((err) => {
  log(`set-up failed: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
