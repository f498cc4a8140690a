import { t } from '../../../../cards/src/i18n/catalogue';
import { levelLabel, localMinute, roleLabel, statusLabel, typeLabel } from '../../../../cards/src/permits/permitLabels';
import type { Queryable } from '../../platform/db/db';
import { listEvidence } from '../../platform/evidence/evidenceChain';
import { entriesOf } from './permitEntries';
import { certificatesOf } from './certificateRepo';
import { complianceRate } from './complianceRate';
import { gasInfo } from './gasTable';
import { placeNames } from './permitAreas';
import { presentIssue } from './permitErrors';
import { loadPeople } from './permitPeople';
import { workPlanFileIds, type PermitRow } from './permitRecord';
import { listApprovals, listCheckins, listGasTests } from './permitRecordsRepo';
import { summariesByIds } from './permitRepo';

/** Everything the printed form shows, already as text (the renderer only lays it out). */
export interface PermitPdfData {
  locale: string;
  plantName: string;
  title: string;
  code: string;
  type: string;
  level: string;
  levelName: string;
  statusName: string;
  fields: Array<[string, string]>;
  jsa: string[];
  gasTests: string[][];
  checklist: string[][];
  otherMeasures: string;
  signatures: string[][];
  shiftCheck: string;
  checkIns: string[];
  /** Confined spaces: the guardian's log of people and tools in and out (6.8 c); null for other types. */
  entries: string[] | null;
  interruptions: string[];
  acceptance: string;
  compliance: string[];
  evidence: string[][];
  qrPng: Buffer | null;
  generatedAt: string;
}

function reading(r: PermitRow['state']['gasTests'][number]['readings'][number]): string {
  if (r.kind === 'oxygen') return `O2 ${r.value}%`;
  const name = r.gasId ? gasInfo(r.gasId)?.nameZh ?? r.gasId : '';
  if (r.kind === 'combustible') return `${name} ${r.value}${r.unit === 'lel_pct' ? '%LEL' : '%'}`;
  return `${name} ${r.value}${r.unit === 'ppm' ? 'ppm' : 'mg/m³'}`;
}

/** Assembles the form's text for one permit in the reader's locale and the plant's time zone. */
export async function permitPdfData(q: Queryable, p: PermitRow, opts: { locale: string; timezone: string; now: Date; qrPng: Buffer | null; checklistText: Map<string, string> }): Promise<PermitPdfData> {
  const { locale, timezone } = opts;
  const s = p.state;
  const people = await loadPeople(q, p.plantId);
  const name = (id: string) => people.find((x) => x.id === id)?.name ?? id;
  const roles = new Map((await q.query<{ key: string; name: string }>('SELECT key, name FROM roles WHERE plant_id = $1', [p.plantId])).rows.map((r) => [r.key, r.name]));
  const places = await placeNames(q, p.plantId);
  const plantName = (await q.query<{ name: string }>('SELECT name FROM plants WHERE id = $1', [p.plantId])).rows[0]?.name ?? p.plantId;
  const [approvals, gasTests, checkins, evidence, entries] = await Promise.all([
    listApprovals(q, p.plantId, p.id), listGasTests(q, p.plantId, p.id), listCheckins(q, p.plantId, p.id), listEvidence(q, p.plantId, 'permit', p.id),
    p.type === 'CSE' ? entriesOf(q, p.plantId, p.id) : Promise.resolve(null),
  ]);
  const certs = await certificatesOf(q, p.plantId, s.performerIds);
  const related = await summariesByIds(q, p.plantId, [...s.relatedPermitIds, ...(s.parentPermitId ? [s.parentPermitId] : [])]);
  const codes = related.length ? (await q.query<{ code: string }>('SELECT code FROM permits WHERE plant_id = $1 AND id::text = ANY($2)', [p.plantId, related.map((r) => r.id)])).rows.map((r) => r.code) : [];
  const at = (iso: string | Date) => localMinute(iso, timezone);
  const none = t(locale, 'permits.pdf.none');
  const a = p.application;
  const place = [places.areas.get(p.areaKey) ?? p.areaKey, p.unitKey ? places.units.get(p.unitKey) ?? p.unitKey : null, a.form.site].filter(Boolean).join(' · ');
  const c = complianceRate(s);
  return {
    locale, plantName, code: p.code, type: p.type, level: p.level, levelName: levelLabel(locale, p.type, p.level), statusName: statusLabel(locale, p.status),
    title: t(locale, 'permits.pdf.title', { type: typeLabel(locale, p.type).replace(/作业$/, '') }),
    fields: [
      [t(locale, 'permits.pdf.applicant'), name(p.applicantId)],
      [t(locale, 'permits.pdf.applied_at'), at(p.createdAt)],
      [t(locale, 'permits.pdf.level'), levelLabel(locale, p.type, p.level)],
      [t(locale, 'permits.pdf.place'), place],
      [t(locale, 'permits.pdf.content'), a.form.content],
      [t(locale, 'permits.pdf.window'), t(locale, 'permits.pdf.window_value', { from: at(p.validFrom), to: at(p.validTo) })],
      [t(locale, 'permits.pdf.work_leader'), name(s.workLeaderId)],
      [t(locale, 'permits.pdf.performers'), s.performerIds.map((id) => {
        const mine = certs.filter((x) => x.holderId === id).map((x) => x.number);
        return mine.length ? `${name(id)}（${mine.join('、')}）` : name(id);
      }).join('；')],
      [t(locale, 'permits.pdf.guardians'), s.guardianIds.map(name).join('、') || none],
      [t(locale, 'permits.pdf.related'), codes.join('、') || none],
      ...(workPlanFileIds(a).length
        ? [[t(locale, 'permits.pdf.work_plan'), t(locale, 'permits.pdf.work_plan_files', { n: workPlanFileIds(a).length })] as [string, string]]
        : []),
      ...(a.blindPlate?.diagramFileIds?.length
        ? [[t(locale, 'permits.pdf.blind_plate_diagram'), t(locale, 'permits.pdf.attached_files', { n: a.blindPlate.diagramFileIds.length })] as [string, string]]
        : []),
    ],
    jsa: a.form.jsa.map((j, i) => `${i + 1}. ${j.hazard}：${j.measures.join('；')}`),
    gasTests: gasTests.map((g) => [at(g.takenAt), g.samplePoint ?? '', g.readings.map(reading).join('，'), name(g.analystId),
      g.passed ? t(locale, 'permits.pdf.gas_pass') : `${t(locale, 'permits.pdf.gas_fail')}：${g.failures.map((f) => presentIssue(locale, f).message).join(' ')}`]),
    checklist: Object.entries(a.checklist ?? {}).map(([id, ans], i) => [String(i + 1), opts.checklistText.get(id) ?? id, t(locale, `permits.pdf.answer.${ans}`), ans === 'done' ? '✓' : '']),
    otherMeasures: a.form.otherMeasures ?? none,
    signatures: s.chain.flatMap((step, i) => {
      const rows = approvals.filter((x) => x.step === i);
      const stepName = `${i + 1}. ${step.roles.map((r) => roleLabel(locale, r, roles)).join('/')}${t(locale, `permits.stepKind.${step.kind}`)}`;
      if (rows.length === 0) return [[stepName, '', none, '', '']];
      return rows.map((x) => [stepName, roleLabel(locale, x.role, roles), name(x.personId),
        `${t(locale, `permits.mode.${x.mode}`)}${x.location ? ` (${x.location.lng.toFixed(5)}, ${x.location.lat.toFixed(5)} ${x.location.datum}${x.distanceM ? `, ${x.distanceM} m` : ''})` : ''}`, at(x.signedAt)]);
    }),
    shiftCheck: s.shiftCheck ? `${name(s.shiftCheck.personId)}  ${at(s.shiftCheck.at)}` : none,
    checkIns: checkins.map((x) => `${name(x.personId)}  ${at(x.checkedInAt)}  (${x.location.lng.toFixed(5)}, ${x.location.lat.toFixed(5)} ${x.location.datum})`),
    entries: entries && entries.map((e) => `${at(e.recordedAt)}  ${e.kind === 'person' ? name(e.subject) : `${e.subject}×${e.count}`}  ${t(locale, `permits.pdf.entry_${e.direction}`)}  (${name(e.recordedBy)})`),
    interruptions: [
      ...s.interruptions.map((i) => `${at(i.at)} ${name(i.byId)}：${i.reason === 'gas_test_failed' ? `${t(locale, 'permits.pdf.gas')} ${t(locale, 'permits.pdf.gas_fail')}` : i.reason} → ${i.resumedAt ? at(i.resumedAt) : '—'}`),
      ...evidence.filter((e) => e.kind === 'permit.place_hold' || e.kind === 'permit.release_hold').map((e) => `${at(e.occurredAt)} ${e.kind === 'permit.place_hold' ? '⏸' : '▶'} ${String((e.data.action as { reason?: string }).reason ?? e.data.holdId ?? '')} (${e.actor.label ?? e.actor.id})`),
    ],
    acceptance: s.acceptance.map((x) => `${name(x.personId)}  ${at(x.at)}`).join('；') || none,
    compliance: [
      `${Math.round(c.rate * 1000) / 10}%  (${c.executed}/${c.required})`,
      ...c.missed.map((m) => `✗ ${t(locale, `permits.node.${m.node}`)}`),
    ],
    evidence: evidence.map((e) => [String(e.seq), e.kind, at(e.occurredAt), e.hash]),
    qrPng: opts.qrPng,
    generatedAt: at(opts.now),
  };
}
