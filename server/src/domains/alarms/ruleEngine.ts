import { alarmTransition, AlarmAction, isRefusal, openAlarm } from './alarmMachine';
import { AlarmEvent, AlarmRecord, AlarmRule, EngineEvent, Reading, TrendPoint } from './alarmTypes';
import { RingBuffer } from './ringBuffer';
import { isWorse, judge, Judgement, ratePerMinute } from './ruleConditions';
import { AckResult, EngineCounters, RuleEngine, RuleEngineOptions } from './ruleEngineTypes';
import { validateRules } from './ruleValidation';

export type { AckResult, EngineCounters, EngineSnapshot, RuleEngine, RuleEngineOptions, TagSnapshot } from './ruleEngineTypes';

interface RuleState {
  rule: AlarmRule;
  pendingSince: number | null;
  clearSince: number | null;
  alarm: AlarmRecord | null;
  /** Rate rules: sequence number of the oldest buffered reading inside the window. */
  windowStart: number;
}

interface TagState {
  tagId: string;
  buffer: RingBuffer<TrendPoint>;
  rules: RuleState[];
  lastTime: number | null;
  lastValue: unknown;
  lastQuality: Reading['quality'] | null;
  lastReceivedAt: number;
  faulted: boolean;
  stale: boolean;
}

/** Builds a rule engine; throws RangeError listing every configuration issue. */
export function createRuleEngine(rules: readonly AlarmRule[], opts: RuleEngineOptions = {}): RuleEngine {
  const issues = validateRules(rules);
  if (issues.length) throw new RangeError(`invalid alarm rules: ${issues.map((i) => `#${i.index} ${i.ruleId} ${i.field}: ${i.code}`).join('; ')}`);
  const capacity = opts.bufferCapacity ?? 1200;
  const trendMs = (opts.trendMinutes ?? 10) * 60_000;
  const newId = opts.newAlarmId ?? ((rule: AlarmRule, at: Date) => `${rule.id}@${at.toISOString()}`);
  const counters: EngineCounters = { readings: 0, outOfOrder: 0, duplicates: 0, invalidTime: 0, unknownTag: 0, badReadings: 0, faultEpisodes: 0, alarmsRaised: 0 };
  const tags = new Map<string, TagState>();
  const byAlarmId = new Map<string, RuleState>();
  const byRuleId = new Map<string, RuleState>();

  for (const rule of rules) {
    let tag = tags.get(rule.tagId);
    if (!tag) {
      tag = { tagId: rule.tagId, buffer: new RingBuffer<TrendPoint>(capacity), rules: [], lastTime: null, lastValue: null, lastQuality: null, lastReceivedAt: 0, faulted: false, stale: false };
      tags.set(rule.tagId, tag);
    }
    const rs: RuleState = { rule, pendingSince: null, clearSince: null, alarm: null, windowStart: 0 };
    tag.rules.push(rs);
    byRuleId.set(rule.id, rs);
  }
  const orphanAlarms: AlarmRecord[] = [];
  for (const alarm of opts.openAlarms ?? []) {
    const rs = byRuleId.get(alarm.ruleId);
    if (!rs || rs.alarm) orphanAlarms.push(alarm);
    else {
      rs.alarm = alarm;
      byAlarmId.set(alarm.alarmId, rs);
    }
  }

  const trendOf = (tag: TagState): TrendPoint[] => {
    const last = tag.buffer.last();
    if (!last) return [];
    const cutoff = last.t - trendMs;
    return tag.buffer.tailWhile((p) => p.t >= cutoff);
  };

  const emit = (out: EngineEvent[], rs: RuleState, kinds: AlarmEvent['kind'][], alarm: AlarmRecord, at: Date) => {
    const tag = tags.get(rs.rule.tagId) as TagState;
    const trend = trendOf(tag);
    for (const kind of kinds) out.push({ kind, at, tagId: rs.rule.tagId, alarm, trend });
  };

  const apply = (out: EngineEvent[], rs: RuleState, action: AlarmAction, at: Date): AckResult => {
    const alarm = rs.alarm as AlarmRecord;
    const r = alarmTransition(alarm, action, at);
    if (isRefusal(r)) return r;
    const before = out.length;
    emit(out, rs, r.events, r.next, at);
    if (r.next.closedAt) {
      rs.alarm = null;
      byAlarmId.delete(alarm.alarmId);
    } else rs.alarm = r.next;
    return { events: out.slice(before) as AlarmEvent[] };
  };

  /** Moves one rule's timers and lifecycle for a judgement at source time `t`. */
  const step = (out: EngineEvent[], rs: RuleState, j: Judgement, t: number) => {
    const { rule } = rs;
    const active = rs.alarm !== null && rs.alarm.condition === 'active';
    if (active) {
      rs.pendingSince = null;
      const alarm = rs.alarm as AlarmRecord;
      if (Number.isFinite(j.measured) && isWorse(rule, j.measured, alarm.peakValue)) rs.alarm = { ...alarm, peakValue: j.measured };
      if (j.state !== 'normal') {
        rs.clearSince = null;
        return;
      }
      rs.clearSince ??= t;
      if (t - rs.clearSince >= (rule.clearSeconds ?? 0) * 1000) {
        rs.clearSince = null;
        apply(out, rs, { type: 'clear' }, new Date(t));
      }
      return;
    }
    rs.clearSince = null;
    if (j.state !== 'trip') {
      rs.pendingSince = null;
      return;
    }
    rs.pendingSince ??= t;
    if (t - rs.pendingSince < (rule.sustainSeconds ?? 0) * 1000) return;
    rs.pendingSince = null;
    const at = new Date(t);
    if (rs.alarm) {
      // Cleared but unacknowledged: the same episode comes back rather than a second alarm.
      if (isWorse(rule, j.measured, rs.alarm.peakValue)) rs.alarm = { ...rs.alarm, peakValue: j.measured };
      apply(out, rs, { type: 'reactivate' }, at);
      return;
    }
    const alarm = openAlarm(newId(rule, at), rule, j.measured, j.limit, at);
    rs.alarm = alarm;
    byAlarmId.set(alarm.alarmId, rs);
    counters.alarmsRaised++;
    emit(out, rs, ['alarm_raised'], alarm, at);
  };

  /** Rate over the window ending at `t`; `held` = no reading at `t`, the last value still holds. */
  const rateAt = (tag: TagState, rs: RuleState, t: number, held: boolean): number | null => {
    if (rs.rule.kind !== 'rate') return null;
    const windowMs = rs.rule.windowSeconds * 1000;
    const buf = tag.buffer;
    const newest = buf.last();
    if (!newest) return null;
    if (held && newest.t < t - windowMs) return 0;
    if (rs.windowStart < buf.oldestSeq) rs.windowStart = buf.oldestSeq;
    while (rs.windowStart < buf.nextSeq - 1 && (buf.at(rs.windowStart) as TrendPoint).t < t - windowMs) rs.windowStart++;
    return ratePerMinute(rs.rule, buf.at(rs.windowStart) as TrendPoint, held ? { t, v: newest.v } : newest);
  };

  const resetTimers = (tag: TagState) => {
    for (const rs of tag.rules) {
      rs.pendingSince = null;
      rs.clearSince = null;
    }
  };

  const measure = (tag: TagState, rs: RuleState, v: number, t: number, held: boolean): Judgement =>
    judge(rs.rule, rs.rule.kind === 'rate' ? rateAt(tag, rs, t, held) : v);

  return {
    ingest(reading, now) {
      const tag = tags.get(reading.tagId);
      if (!tag) {
        counters.unknownTag++;
        return [];
      }
      const t = reading.sourceTime instanceof Date ? reading.sourceTime.getTime() : NaN;
      if (!Number.isFinite(t)) {
        counters.invalidTime++;
        return [];
      }
      if (tag.lastTime !== null && t < tag.lastTime) {
        counters.outOfOrder++;
        return [];
      }
      // Sources re-send the current value after a reconnect with its original timestamp.
      if (t === tag.lastTime && Object.is(reading.value, tag.lastValue) && reading.quality === tag.lastQuality) {
        counters.duplicates++;
        return [];
      }
      counters.readings++;
      tag.lastTime = t;
      tag.lastValue = reading.value;
      tag.lastQuality = reading.quality;
      tag.lastReceivedAt = now.getTime();
      const out: EngineEvent[] = [];
      const at = new Date(t);
      if (tag.stale) {
        tag.stale = false;
        out.push({ kind: 'fresh', at, tagId: tag.tagId });
      }
      const badQuality = reading.quality === 'bad' || (reading.quality === 'uncertain' && opts.uncertainIsFault === true);
      const v = reading.value;
      if (badQuality || typeof v !== 'number' || !Number.isFinite(v)) {
        counters.badReadings++;
        // Continuity is broken: a pending raise or clear must start over after the fault.
        resetTimers(tag);
        if (!tag.faulted) {
          tag.faulted = true;
          counters.faultEpisodes++;
          out.push({ kind: 'sensor_fault', at, tagId: tag.tagId, reason: badQuality ? 'bad_quality' : 'not_a_number' });
        }
        return out;
      }
      if (tag.faulted) {
        tag.faulted = false;
        out.push({ kind: 'sensor_recovered', at, tagId: tag.tagId });
      }
      tag.buffer.push({ t, v });
      for (const rs of tag.rules) step(out, rs, measure(tag, rs, v, t, false), t);
      return out;
    },

    tick(now) {
      const out: EngineEvent[] = [];
      for (const tag of tags.values()) {
        const last = tag.buffer.last();
        if (tag.stale || tag.faulted || !last || tag.lastTime === null) continue;
        // Source clock up to the last reading, our clock since: immune to DCS clock skew.
        const t = tag.lastTime + Math.max(0, now.getTime() - tag.lastReceivedAt);
        if (t === tag.lastTime) continue;
        for (const rs of tag.rules) {
          if (rs.rule.kind !== 'rate' && rs.pendingSince === null && rs.clearSince === null) continue;
          step(out, rs, measure(tag, rs, last.v, t, true), t);
        }
      }
      return out;
    },

    acknowledge(alarmId, by, now) {
      const rs = byAlarmId.get(alarmId);
      if (!rs || !rs.alarm) return { refusal: 'alarms.refusal.unknown_alarm', params: { alarmId } };
      return apply([], rs, { type: 'acknowledge', by }, now);
    },

    setStale(tagIds, stale, now) {
      const out: EngineEvent[] = [];
      for (const id of tagIds) {
        const tag = tags.get(id);
        if (!tag || tag.stale === stale) continue;
        tag.stale = stale;
        if (stale) resetTimers(tag);
        out.push({ kind: stale ? 'stale' : 'fresh', at: now, tagId: id });
      }
      return out;
    },

    trend(tagId) {
      const tag = tags.get(tagId);
      return tag ? trendOf(tag) : [];
    },

    snapshot() {
      const alarms = [...byAlarmId.values()].map((rs) => rs.alarm as AlarmRecord);
      const tagList = [...tags.values()].map((tag) => ({
        tagId: tag.tagId,
        lastValue: tag.buffer.last()?.v ?? null,
        lastTime: tag.lastTime === null ? null : new Date(tag.lastTime),
        stale: tag.stale,
        faulted: tag.faulted,
      }));
      return { alarms, tags: tagList, counters: { ...counters }, orphanAlarms: [...orphanAlarms] };
    },
  };
}
