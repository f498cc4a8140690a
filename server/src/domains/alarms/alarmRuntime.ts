import { randomUUID } from 'node:crypto';
import { enqueueDelivery } from '../../platform/delivery/delivery';
import { ALARM_ACTOR, ALARM_CARDS, TAG_SUBJECT, type AlarmContext } from './alarmContext';
import { applyAlarmEvent, closeAlarm } from './alarmCommands';
import type { AlarmPlant } from './alarmPlant';
import { areaGroups } from './alarmRecipients';
import { loadAlarm, openAlarmRows, saveAlarm, toRecord } from './alarmRepo';
import { createSourceSet, type SourceSet } from './alarmSources';
import { renderTrend } from './alarmTrend';
import type { AlarmEvent, EngineEvent, Reading, SourceStatusChange } from './alarmTypes';
import { createRuleEngine, type RuleEngine } from './ruleEngine';
import { SerialQueue } from './serialQueue';
import { applyWeatherEffects } from './weatherCommands';
import { loadTrackerState } from './weatherRepo';
import { applyWarning, applyWindReading, emptyWeatherState, expireWarnings, type WeatherState } from './weatherTracker';
import type { Warning } from './weatherTypes';

/** Timing of the leader loop. */
export interface RuntimeOptions {
  /** Engine tick (sustain/clear timers when values stop changing); default 1000 ms. */
  tickMs: number;
  /** How often acknowledgements stored by other instances are pulled into the engine; default 5000 ms. */
  reconcileMs: number;
  pkiFolder: string;
}

const EXPIRE_EVERY_MS = 30_000;

/**
 * The leader's live view of one plant: the sources feed readings into the in-memory rule engine
 * (O(1) per reading, nothing stored per reading); the events it returns go through a serial queue
 * into one transaction each. Weather warnings and wind readings go through the weather tracker.
 */
export class PlantAlarmRuntime {
  private engine: RuleEngine;
  private sources: SourceSet | null = null;
  private weather: WeatherState = emptyWeatherState();
  private timer: NodeJS.Timeout | null = null;
  private readonly queue = new SerialQueue();
  private readonly ruleTags: Set<string>;
  private lastExpire = 0;
  private lastReconcile = 0;
  private stopped = false;
  /** Latest status per source id (for admin notices on change). */
  private readonly sourceStates = new Map<string, string>();
  /** Readings dropped before the engine, by reason. */
  readonly dropped: Record<'unknown_tag', number> = { unknown_tag: 0 };
  private readonly unknownLogged = new Set<string>();

  constructor(
    private readonly ctx: AlarmContext,
    readonly plant: AlarmPlant,
    private readonly opts: RuntimeOptions,
  ) {
    this.ruleTags = new Set(plant.engineRules.map((r) => r.tagId));
    this.engine = createRuleEngine(plant.engineRules, { newAlarmId: () => randomUUID() });
  }

  /** Restores open alarms and the weather state, then starts the sources (in the background) and the tick. */
  async start(): Promise<void> {
    const { deps } = this.ctx;
    const open = await openAlarmRows(deps.db, this.plant.plantId);
    this.engine = createRuleEngine(this.plant.engineRules, {
      openAlarms: open.map(toRecord),
      newAlarmId: () => randomUUID(),
      trendMinutes: this.plant.trendMinutes,
      bufferCapacity: this.plant.bufferCapacity,
      uncertainIsFault: this.plant.uncertainIsFault,
    });
    for (const orphan of this.engine.snapshot().orphanAlarms) await this.closeOrphan(orphan.alarmId);
    if (this.plant.weather) this.weather = await loadTrackerState(deps.db, this.plant.plantId, deps.now());
    const logger = deps.log.child({ plant: this.plant.plantId, module: 'alarms' });
    this.sources = createSourceSet(
      this.plant,
      { onReading: (r) => this.onReading(r), onStatus: (c) => this.onStatus(c), onWarning: (w) => this.onWarning(w) },
      { pkiFolder: this.opts.pkiFolder, secret: (n) => deps.env.secret(n), logger, now: deps.now },
    );
    this.sources.start();
    this.timer = setInterval(() => this.tick(), this.opts.tickMs);
    this.timer.unref();
    logger.info({ rules: this.plant.engineRules.length, tags: this.plant.tags.size, restored: open.length }, 'alarm runtime started');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.sources?.stop();
    // A stuck transaction must not hold shutdown forever; what is left is logged.
    const drained = await Promise.race([this.queue.drain().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000).unref())]);
    if (!drained) this.ctx.deps.log.error({ plant: this.plant.plantId, pending: this.queue.depth }, 'alarm events still pending at shutdown');
  }

  /** Judges one reading (called by the sources; never throws). */
  onReading(r: Reading): void {
    if (this.stopped) return;
    const t0 = Date.now();
    const now = this.ctx.deps.now();
    if (this.plant.weather?.windTagId === r.tagId) this.onWind(r, now);
    if (!this.ruleTags.has(r.tagId)) {
      if (this.plant.weather?.windTagId === r.tagId) return;
      this.dropped.unknown_tag++;
      if (this.unknownLogged.size < 100 && !this.unknownLogged.has(r.tagId)) {
        this.unknownLogged.add(r.tagId);
        this.ctx.deps.log.warn({ plant: this.plant.plantId, tagId: r.tagId }, 'reading for a tag no rule watches (not declared in dcs.*.tags or no rule); dropped');
      }
      return;
    }
    const events = this.engine.ingest(r, now);
    if (events.length) this.dispatch(events, t0);
  }

  /** The recent readings of a tag (for routes and acknowledgement snapshots). */
  trend(tagId: string) {
    return this.engine.trend(tagId);
  }

  /** Engine counters and tag states. */
  snapshot() {
    return this.engine.snapshot();
  }

  /** Status of the sources, for /readyz and /metrics. */
  sourceStatus() {
    return { opcua: this.sources?.opcua() ?? null, mqtt: this.sources?.mqtt() ?? [], weather: this.sources?.weather() ?? null };
  }

  /** Backlog of the event queue. */
  get queueDepth(): number {
    return this.queue.depth;
  }

  /** An acknowledgement was stored: the engine closes the episode once it clears (events are no-ops for stored state). */
  noteAck(alarmId: string, by: string, at: Date): void {
    const r = this.engine.acknowledge(alarmId, by, at);
    if ('events' in r && r.events.length) this.dispatch(r.events, Date.now());
  }

  /** Waits until every queued event is stored (tests, shutdown). */
  settle(): Promise<void> {
    return this.queue.drain();
  }

  private dispatch(events: EngineEvent[], t0: number): void {
    for (const ev of events) {
      if ('alarm' in ev) void this.queue.run(() => this.storeAlarmEvent(ev, t0)).catch((err) => this.failed(err, ev.kind));
      else if (ev.kind === 'sensor_fault' || ev.kind === 'sensor_recovered') void this.queue.run(() => this.sensorNotice(ev.tagId, ev.kind, ev.reason, ev.at)).catch((err) => this.failed(err, ev.kind));
      // stale/fresh: summarised per source change in onStatus (thousands of tags must not mean thousands of lines).
    }
  }

  private failed(err: unknown, kind: string): void {
    this.ctx.deps.log.error({ err, plant: this.plant.plantId, kind }, 'alarm event could not be stored');
    this.ctx.deps.metrics.events.inc({ kind: 'alarm_event_failed' });
  }

  /** Stores one lifecycle event; a transient database error gets two more tries (handlers are idempotent). */
  private async storeAlarmEvent(ev: AlarmEvent, t0: number): Promise<void> {
    const startedAt = Date.now();
    const meta = this.plant.rules.get(ev.alarm.ruleId);
    const trend = await renderTrend(ev.trend, meta?.rule.kind === 'rate' ? null : ev.alarm.limit, {
      label: meta?.label ?? ev.tagId, uom: meta?.uom ?? null, timezone: this.plant.timezone,
    })
      // The bytes go to the content-addressed store before the transaction, which then only adds the files row.
      .then(async (snap) => (await this.ctx.deps.blobs.put(snap.png), snap))
      .catch((err: unknown) => {
        this.ctx.deps.log.warn({ err, tagId: ev.tagId }, 'trend chart could not be rendered; the alarm goes out without it');
        return null;
      });
    for (let attempt = 0; ; attempt++) {
      try {
        const txAt = Date.now();
        await applyAlarmEvent(this.ctx, { plant: this.plant, event: ev, trend, t0 });
        this.ctx.deps.log.debug({ kind: ev.kind, tagId: ev.tagId, queuedMs: startedAt - t0, chartMs: txAt - startedAt, txMs: Date.now() - txAt }, 'alarm event stored');
        return;
      } catch (err) {
        if (attempt >= 2 || this.stopped) throw err;
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  }

  private async sensorNotice(tagId: string, kind: 'sensor_fault' | 'sensor_recovered', reason: string | undefined, at: Date): Promise<void> {
    const tag = this.plant.tags.get(tagId);
    const groups = areaGroups(this.plant, tag?.areaKey ?? null, this.ctx.enabledPlatforms());
    this.ctx.deps.log.warn({ plant: this.plant.plantId, tagId, kind, reason }, kind === 'sensor_fault' ? 'sensor fault: its values do not trip alarms until it recovers' : 'sensor recovered');
    if (!groups.length) return;
    await this.ctx.deps.db.transaction(async (tx) => {
      for (const groupKey of groups) {
        await enqueueDelivery(tx, this.ctx.deps.jobs, this.plant.plantId, { groupKey }, {
          type: 'notice', kind: ALARM_CARDS.sensor, subjectType: TAG_SUBJECT, subjectId: tagId,
          params: { kind: kind === 'sensor_fault' ? 'fault' : 'recovered', reason: reason ?? null, at: at.toISOString() },
        });
      }
    });
  }

  private onStatus(c: SourceStatusChange): void {
    const now = this.ctx.deps.now();
    const changed = this.engine.setStale(c.tagIds.filter((id) => this.ruleTags.has(id)), c.stale, now).length;
    if (changed) {
      this.ctx.deps.log.info({ plant: this.plant.plantId, source: c.sourceId, tags: changed, reason: c.reason }, c.stale ? 'tag values are stale until the source is back' : 'tag values are fresh again');
    }
    const key = c.state === 'fault' ? `${c.sourceId}/${c.tagIds[0]}` : c.sourceId;
    const before = this.sourceStates.get(key);
    this.sourceStates.set(key, c.state);
    if (before === c.state) return;
    // Admins hear of a source going down (also when it is down at start), coming back, and unreadable tags.
    if (c.state === 'down' || c.state === 'fault' || (c.state === 'up' && before === 'down')) {
      const messageKey = c.state === 'fault' ? 'alarms.source.tag_fault' : c.state === 'down' ? 'alarms.source.down' : 'alarms.source.up';
      const params = { source: c.sourceId, reason: c.reason ?? '', tag: c.tagIds[0] ?? '' };
      void this.queue.run(() => this.tellAdmins(messageKey, params)).catch((err) => this.failed(err, 'source_notice'));
    }
  }

  private async tellAdmins(messageKey: string, params: Record<string, string>): Promise<void> {
    const admins: string[] = [];
    for (const key of this.plant.admins) {
      const p = await this.ctx.deps.directory.personByKey(this.plant.plantId, key);
      if (p) admins.push(p.id);
    }
    if (!admins.length) return;
    await this.ctx.deps.db.transaction(async (tx) => {
      for (const personId of admins) await enqueueDelivery(tx, this.ctx.deps.jobs, this.plant.plantId, { personId }, { type: 'text', messageKey, params });
    });
  }

  /** A weather warning from the poller; resolves once stored (a failure makes the poller retry it). */
  private onWarning(w: Warning): Promise<void> {
    const policy = this.plant.weather?.policy;
    if (!policy) return Promise.resolve();
    return this.queue.run(async () => {
      const step = applyWarning(this.weather, w, policy, this.ctx.deps.now());
      await applyWeatherEffects(this.ctx, this.plant, step.effects, w);
      this.weather = step.next;
    });
  }

  private onWind(r: Reading, now: Date): void {
    const weather = this.plant.weather;
    if (!weather || r.quality === 'bad' || typeof r.value !== 'number' || !Number.isFinite(r.value)) return;
    const speed = r.value;
    void this.queue
      .run(async () => {
        const step = applyWindReading(this.weather, speed, weather.policy, now, weather.calmMinutes);
        if (step.effects.length) await applyWeatherEffects(this.ctx, this.plant, step.effects);
        this.weather = step.next;
      })
      .catch((err) => this.failed(err, 'wind'));
  }

  private tick(): void {
    if (this.stopped) return;
    const now = this.ctx.deps.now();
    const events = this.engine.tick(now);
    if (events.length) this.dispatch(events, Date.now());
    if (this.plant.weather && now.getTime() - this.lastExpire >= EXPIRE_EVERY_MS) {
      this.lastExpire = now.getTime();
      void this.queue
        .run(async () => {
          const step = expireWarnings(this.weather, this.ctx.deps.now());
          if (step.effects.length) await applyWeatherEffects(this.ctx, this.plant, step.effects);
          this.weather = step.next;
        })
        .catch((err) => this.failed(err, 'weather_expiry'));
    }
    if (Date.now() - this.lastReconcile >= this.opts.reconcileMs) {
      this.lastReconcile = Date.now();
      void this.queue.run(() => this.reconcileAcks()).catch((err) => this.failed(err, 'reconcile'));
    }
  }

  /** Acknowledgements stored by another instance reach the engine here. */
  private async reconcileAcks(): Promise<void> {
    const unacked = this.engine.snapshot().alarms.filter((a) => !a.acknowledged).map((a) => a.alarmId);
    if (!unacked.length) return;
    const r = await this.ctx.deps.db.query<{ id: string; acked_by_label: string | null; acked_at: Date }>(
      'SELECT id, acked_by_label, acked_at FROM alarms WHERE plant_id = $1 AND id = ANY($2::uuid[]) AND acked_at IS NOT NULL',
      [this.plant.plantId, unacked],
    );
    for (const row of r.rows) this.noteAck(row.id, row.acked_by_label ?? '', row.acked_at);
  }

  /** An alarm whose rule left the config: closed, its holds released. */
  private async closeOrphan(alarmId: string): Promise<void> {
    await this.ctx.deps.db.transaction(async (tx) => {
      const row = await loadAlarm(tx, this.plant.plantId, alarmId, { forUpdate: true });
      if (!row || row.closedAt) return;
      await closeAlarm(this.ctx, tx, row, this.ctx.deps.now(), ALARM_ACTOR, 'rule_removed');
      await saveAlarm(tx, row, this.ctx.deps.now());
    });
    this.ctx.deps.log.warn({ plant: this.plant.plantId, alarmId }, 'open alarm of a rule no longer configured was closed');
  }
}
