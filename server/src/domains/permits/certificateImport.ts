import { CERTIFICATE_TYPES } from './permitModel';

/** One certificate as imported (holder by person key or id; dates plant-local YYYY-MM-DD). */
export interface CertificateInput {
  holder: string;
  type: string;
  number: string;
  issuedOn: string;
  expiresOn: string;
  nextReviewOn?: string | null;
  issuer?: string | null;
}

/** Why a record (or the CSV) was refused; the message catalogue words it (`permits.certificate_import.<code>`). */
export type ImportProblemCode =
  | 'missing_column' | 'required' | 'unknown_type' | 'not_a_date' | 'expires_before_issued' | 'duplicate' | 'unknown_holder' | 'no_records';

/** A problem in an import, by 1-based record (CSV: line) number and field. */
export interface ImportProblem {
  line: number;
  field: string;
  code: ImportProblemCode;
  params?: Record<string, string>;
}

/** CSV header names (English or the Chinese column titles registries export) → field. */
const HEADERS: Record<string, keyof CertificateInput> = {
  holder: 'holder', 持证人: 'holder', type: 'type', 证书类型: 'type', number: 'number', 证书编号: 'number',
  issuedon: 'issuedOn', 发证日期: 'issuedOn', expireson: 'expiresOn', 有效期至: 'expiresOn',
  nextreviewon: 'nextReviewOn', 复审日期: 'nextReviewOn', issuer: 'issuer', 发证机关: 'issuer',
};

/** Splits one CSV line (RFC 4180 quotes, doubled quotes inside). */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((c) => c.trim());
}

/** Parses a certificate CSV (header row first; BOM and blank lines tolerated). Pure. */
export function parseCertificateCsv(text: string): { records: CertificateInput[]; lines: number[]; problems: ImportProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: ImportProblem[] = [];
  const header = splitLine(lines[0] ?? '').map((h) => HEADERS[h.replace(/\s+/g, '').toLowerCase()] ?? HEADERS[h.trim()]);
  for (const required of ['holder', 'type', 'number', 'issuedOn', 'expiresOn'] as const) {
    if (!header.includes(required)) problems.push({ line: 1, field: required, code: 'missing_column' });
  }
  if (problems.length) return { records: [], lines: [], problems };
  const records: CertificateInput[] = [];
  const lineNumbers: number[] = [];
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const cells = splitLine(line);
    const rec: Record<string, string> = {};
    header.forEach((field, j) => {
      if (field && cells[j] !== undefined && cells[j] !== '') rec[field] = cells[j];
    });
    records.push(rec as unknown as CertificateInput);
    lineNumbers.push(i + 2);
  });
  return { records, lines: lineNumbers, problems };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (s: string) => DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/**
 * Checks records before anything is written: known type, non-empty number and holder, real dates,
 * issued ≤ expires, review (if any) ≤ expiry, no duplicate type+number inside the import. Pure.
 */
export function checkCertificateInputs(records: CertificateInput[], lines?: number[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  records.forEach((r, i) => {
    const line = lines?.[i] ?? i + 1;
    const bad = (field: string, code: ImportProblemCode, params?: Record<string, string>) => problems.push({ line, field, code, ...(params ? { params } : {}) });
    if (!r.holder) bad('holder', 'required');
    if (!(CERTIFICATE_TYPES as readonly string[]).includes(r.type)) bad('type', 'unknown_type', { type: r.type ?? '', types: CERTIFICATE_TYPES.join(', ') });
    if (!r.number) bad('number', 'required');
    for (const f of ['issuedOn', 'expiresOn'] as const) if (!r[f] || !realDate(r[f])) bad(f, 'not_a_date', { value: r[f] ?? '' });
    if (r.nextReviewOn && !realDate(r.nextReviewOn)) bad('nextReviewOn', 'not_a_date', { value: r.nextReviewOn });
    if (r.issuedOn && r.expiresOn && realDate(r.issuedOn) && realDate(r.expiresOn) && r.issuedOn > r.expiresOn) bad('expiresOn', 'expires_before_issued');
    const key = `${r.type}|${r.number}`;
    if (seen.has(key)) bad('number', 'duplicate');
    seen.add(key);
  });
  return problems;
}
