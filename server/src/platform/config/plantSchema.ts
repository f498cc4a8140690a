import { z } from 'zod';
import {
  ClockTimeSchema,
  DateListSchema,
  DatumSchema,
  EnvNameSchema,
  GeofenceSchema,
  KeySchema,
  LngLatSchema,
  LocaleSchema,
  NameSchema,
  RiskColorSchema,
  TimeZoneSchema,
} from './plantPrimitives';
import { checkPlantReferences } from './checkPlantReferences';
import { checkDcsReferences } from './checkDcsReferences';
import { checkPermitConfig, PermitConfigSchema } from './permitConfigSchema';
import { DcsSectionSchema, WeatherSectionSchema } from './dcsConfigSchema';
import { isValidRightPattern } from './rights';

/**
 * The plant file (YAML, one per plant). Objects are strict, so a misspelt key is reported instead
 * of silently ignored. `server/plants/demo-plant.yaml` is the documented example of every field.
 */

/** Hazard grades (一般隐患 / 重大隐患). */
export const GRADES = ['general', 'major'] as const;
/** One hazard grade. */
export type Grade = (typeof GRADES)[number];
const GradeSchema = z.enum(GRADES, { error: "must be 'general' or 'major'" });

/** Messenger platforms a group or person can live on. */
export const PLATFORMS = ['sandbox', 'wecom', 'dingtalk'] as const;
/** One messenger platform. */
export type Platform = (typeof PLATFORMS)[number];

const PositiveHours = z.number().positive('must be a positive number of hours');

/** Plant-wide rules of the game; every duration has a default except who reviews and who is escalated to. */
export const PlantSettingsSchema = z.strictObject({
  /** Role that verifies rectifications, unless an area names its own. */
  reviewerRole: KeySchema,
  hazardDraftMinutes: z.number().int().positive().max(1440).default(30),
  reinspectAfterHours: PositiveHours.default(72),
  recurrenceDays: z.number().int().positive().default(90),
  requirePhoto: z.boolean().default(true),
  nightHours: z
    .strictObject({ start: ClockTimeSchema, end: ClockTimeSchema })
    .default({ start: '20:00', end: '06:00' }),
  /** Public holidays (single days or `a..b` ranges); output is single days. */
  holidays: DateListSchema.default([]),
  /** Weekend days that are working days (调休上班), overriding restDays. */
  makeupWorkdays: DateListSchema.default([]),
  /** Weekly rest days, 0 = Sunday … 6 = Saturday. */
  restDays: z.array(z.number().int().min(0, 'weekday 0-6 (0 = Sunday)').max(6, 'weekday 0-6 (0 = Sunday)')).default([6, 0]),
  /** Roles escalated to in order when a deadline passes. */
  escalationChain: z.array(KeySchema).min(1, 'name at least one role to escalate to'),
  /** People who receive administrative notices (import results, integration faults). */
  admins: z.array(KeySchema).default([]),
  /** Demo/test only: shortens durations so an hour passes in `secondsPerHour` seconds. */
  demoProfile: z.strictObject({ secondsPerHour: z.number().positive().max(3600) }).optional(),
});

/** A place in the plant, with its fence, risk colour and responsible department. */
export const AreaSchema = z.strictObject({
  key: KeySchema,
  name: NameSchema,
  riskColor: RiskColorSchema,
  outdoor: z.boolean(),
  datum: DatumSchema,
  geofence: GeofenceSchema,
  departmentKey: KeySchema.optional(),
  reviewerRole: KeySchema.optional(),
  description: z.string().max(500).optional(),
});

/** A production unit inside an area, with its main equipment tags. */
export const UnitSchema = z.strictObject({
  key: KeySchema,
  name: NameSchema,
  areaKey: KeySchema,
  equipment: z.array(z.strictObject({ tag: z.string().trim().min(1).max(64), name: NameSchema })).optional(),
});

/** A department; `parentKey` builds the organisation tree. */
export const DepartmentSchema = z.strictObject({ key: KeySchema, name: NameSchema, parentKey: KeySchema.optional() });

/** A config-defined role: approval chains and rules name it by key. */
export const RoleSchema = z.strictObject({
  key: KeySchema,
  name: NameSchema,
  rights: z.array(
    z.string().refine(isValidRightPattern, {
      error: (iss) => `unknown right '${String(iss.input)}' (see server/src/platform/config/rights.ts; '*' = every right)`,
    }),
  ),
  description: z.string().max(500).optional(),
  /**
   * 'department': the role acts on special-work permits (approval steps, shift check, acceptance)
   * only in areas its holder's department, or a sub-department of it, is responsible for — the
   * 车间主任 of 合成车间 signs for work in the synthesis area, not the tank farm. Default 'plant'.
   */
  scope: z.enum(['plant', 'department'], { error: "must be 'plant' or 'department'" }).default('plant'),
});

/** A person; the Sandbox id defaults to the person's key. */
export const PersonSchema = z
  .strictObject({
    key: KeySchema,
    name: NameSchema,
    title: z.string().max(100).optional(),
    departmentKey: KeySchema,
    roles: z.array(KeySchema).min(1, 'give every person at least one role'),
    locale: LocaleSchema.optional(),
    phone: z.string().regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number (digits, spaces, dashes)').optional(),
    messengerIds: z
      .strictObject({
        wecom: z.string().trim().min(1).max(64).optional(),
        dingtalk: z.string().trim().min(1).max(64).optional(),
        sandbox: z.string().trim().min(1).max(64).optional(),
      })
      .default({}),
    managerKey: KeySchema.optional(),
  })
  .transform((p) => ({ ...p, messengerIds: { ...p.messengerIds, sandbox: p.messengerIds.sandbox ?? p.key } }));

/** A chat group notices go to; without areaKeys it is plant-wide. */
export const GroupSchema = z
  .strictObject({
    key: KeySchema,
    name: NameSchema,
    platform: z.enum(PLATFORMS, { error: `must be one of ${PLATFORMS.join(', ')}` }),
    /** WeCom appchat chatid / DingTalk openConversationId. */
    chatId: z.string().trim().min(1).max(128).optional(),
    /** Env var holding the group robot's webhook key (WeCom) or access token (DingTalk). */
    robotKeyRef: EnvNameSchema.optional(),
    /** Env var holding the DingTalk robot's signing secret. */
    robotSecretRef: EnvNameSchema.optional(),
    areaKeys: z.array(KeySchema).optional(),
  })
  .superRefine((g, ctx) => {
    if (g.platform === 'sandbox' && (g.chatId || g.robotKeyRef || g.robotSecretRef)) {
      ctx.addIssue({ code: 'custom', path: ['platform'], message: 'sandbox groups take no chatId or robot references' });
    }
    if (g.platform !== 'sandbox' && !g.chatId && !g.robotKeyRef) {
      ctx.addIssue({ code: 'custom', path: ['chatId'], message: `a ${g.platform} group needs chatId or robotKeyRef` });
    }
    if (g.robotSecretRef && g.platform !== 'dingtalk') {
      ctx.addIssue({ code: 'custom', path: ['robotSecretRef'], message: 'only DingTalk robots have a signing secret' });
    }
  });

/** One node of the 3-level hazard category tree; keywords drive category suggestions. */
export const HazardCategorySchema = z.strictObject({
  key: KeySchema,
  name: NameSchema,
  level: z.literal([1, 2, 3], { error: 'must be 1, 2 or 3' }),
  parentKey: KeySchema.optional(),
  defaultGrade: GradeSchema.default('general'),
  keywords: z.array(z.string().trim().min(1).max(32)).optional(),
});

/** Rectification deadline, reminder and escalation cadence for one grade. */
export const SlaPolicySchema = z
  .strictObject({
    key: KeySchema,
    name: NameSchema,
    grade: GradeSchema,
    rectifyHours: PositiveHours,
    remindBeforeHours: z.number().nonnegative('must be 0 or more hours'),
    escalateEveryHours: PositiveHours,
  })
  .superRefine((s, ctx) => {
    if (s.remindBeforeHours >= s.rectifyHours) {
      ctx.addIssue({ code: 'custom', path: ['remindBeforeHours'], message: 'must be less than rectifyHours' });
    }
  });

/** Who a hazard is assigned to: one person, a role (optionally within a department), or a department. */
export const AssignTargetSchema = z
  .strictObject({ personKey: KeySchema.optional(), roleKey: KeySchema.optional(), departmentKey: KeySchema.optional() })
  .superRefine((t, ctx) => {
    const ok = t.personKey ? !t.roleKey && !t.departmentKey : Boolean(t.roleKey || t.departmentKey);
    if (!ok) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be {personKey}, {roleKey} or {roleKey, departmentKey}, or {departmentKey}',
      });
    }
  });

/**
 * Area + category → assignee. An omitted areaKey or categoryKey matches anything; a categoryKey also
 * matches its sub-categories. Precedence: area + category, then category only, then area only, then
 * neither; within one kind the deeper category, then file order.
 */
export const AssignmentRuleSchema = z.strictObject({
  key: KeySchema,
  name: NameSchema.optional(),
  areaKey: KeySchema.optional(),
  categoryKey: KeySchema.optional(),
  assignTo: AssignTargetSchema,
});

/** The plant file's structure alone, before cross-references are checked. */
export const PlantFileShape = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2-63 lowercase letters, digits or "-"'),
  name: NameSchema,
  timezone: TimeZoneSchema.default('Asia/Shanghai'),
  locale: LocaleSchema.default('zh-CN'),
  /** The plant's reference point (weather, maps). */
  location: z.strictObject({ center: LngLatSchema, datum: DatumSchema }).optional(),
  settings: PlantSettingsSchema,
  areas: z.array(AreaSchema).min(1, 'a plant needs at least one area'),
  units: z.array(UnitSchema).default([]),
  departments: z.array(DepartmentSchema).min(1, 'a plant needs at least one department'),
  roles: z.array(RoleSchema).min(1, 'a plant needs at least one role'),
  people: z.array(PersonSchema).min(1, 'a plant needs at least one person'),
  groups: z.array(GroupSchema).default([]),
  hazardCategories: z.array(HazardCategorySchema).min(1, 'a plant needs hazard categories'),
  slaPolicies: z.array(SlaPolicySchema).min(1, 'a plant needs SLA policies'),
  assignmentRules: z.array(AssignmentRuleSchema).default([]),
  /** Live signals (OPC UA, MQTT), alarm rules and who is told (dcsConfigSchema.ts). */
  dcs: DcsSectionSchema.optional(),
  /** Weather feed and warning → permit actions (dcsConfigSchema.ts). */
  weather: WeatherSectionSchema.optional(),
  /** Special-work permit policy: role mapping and overrides of GB 30871-2022 (permitConfigSchema.ts). */
  permits: PermitConfigSchema.optional(),
});

/** A structurally valid plant file whose references are not checked yet. */
export type PlantFileUnchecked = z.output<typeof PlantFileShape>;

/** The whole plant file, structure first, then every cross-reference (reported only once the structure is valid). */
export const PlantFileSchema = PlantFileShape.superRefine((plant, ctx) => {
  checkPlantReferences(plant, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
  checkDcsReferences(plant, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
  checkPermitConfig(plant, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
});

/** A validated plant file (defaults applied, aliases normalised, date ranges expanded). */
export type PlantFile = z.output<typeof PlantFileSchema>;
/** Plant-wide settings. */
export type PlantSettings = PlantFile['settings'];
/** One area. */
export type Area = z.output<typeof AreaSchema>;
/** One unit. */
export type Unit = z.output<typeof UnitSchema>;
/** One department. */
export type Department = z.output<typeof DepartmentSchema>;
/** One role. */
export type Role = z.output<typeof RoleSchema>;
/** One person (sandbox id filled in). */
export type Person = z.output<typeof PersonSchema>;
/** One group. */
export type Group = z.output<typeof GroupSchema>;
/** One hazard category. */
export type HazardCategory = z.output<typeof HazardCategorySchema>;
/** One SLA policy. */
export type SlaPolicy = z.output<typeof SlaPolicySchema>;
/** One assignment rule. */
export type AssignmentRule = z.output<typeof AssignmentRuleSchema>;
/** An assignment target. */
export type AssignTarget = AssignmentRule['assignTo'];
