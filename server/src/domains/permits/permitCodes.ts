/**
 * Every stable code the permits core can return, so presenters and the message catalogue
 * (cards/src/i18n/messages/permits.ts) can be checked against them. Tests fail when a rule or the
 * machine emits a code missing here, and when a code here has no message.
 */

/** Refusal codes of decidePermit (messages: permits.refusal.<code>). */
export const REFUSAL_CODES = [
  'invalid_state', 'not_applicant', 'window_ended', 'person_required', 'system_required', 'applicant_cannot_approve',
  'already_approved', 'not_step_role', 'remote_approval_not_allowed', 'reason_required', 'not_yet_expired',
  'not_authorized_to_void', 'invalid_cause', 'not_dependent_permit', 'parent_mismatch', 'not_guardian',
  'outside_geofence', 'not_yet_valid', 'shift_check_required', 'gas_test_required', 'gas_retest_required',
  'gas_test_failed', 'gas_test_stale', 'continuous_monitoring_required', 'video_required', 'shift_check_not_required',
  'not_shift_leader', 'already_shift_checked', 'not_permit_party', 'holds_active', 'reconfirm_required',
  'daily_gas_test_required', 'gas_test_in_future', 'gas_test_duplicate', 'not_hold_source', 'hold_id_required',
  'hold_not_found', 'not_hold_owner', 'already_accepted', 'not_acceptor',
] as const;

/** Refusals the permit service adds around the machine (messages: permits.refusal.<code>). */
export const SERVICE_REFUSAL_CODES = ['role_out_of_department'] as const;

/** Codes of rule findings: validateApplication errors/warnings and gas-test failures (messages: permits.rule.<code>). */
export const RULE_CODES = [
  'window_invalid', 'window_ended', 'level_unknown', 'level_too_low', 'field_required', 'validity_exceeds_max',
  'special_approval_required', 'special_validity_used', 'parent_type_invalid', 'tmp_beyond_parent', 'tmp_starts_before_parent',
  'guardian_required', 'guardian_is_performer', 'certificate_missing', 'certificate_expired', 'certificate_review_overdue',
  'certificate_expires_during_work', 'certificate_due_soon', 'weather_stop_wind', 'weather_stop_fog', 'weather_stop_precipitation',
  'outdoor_hot_work_in_wind', 'hot_work_upgraded', 'hot_work_upgrade_capped', 'shutdown_downgrade', 'work_plan_required',
  'hot_work_forbidden_material', 'hot_tapping_unit_unstable', 'tandem_over_rated', 'height_communication_required',
  'toxic_gas_unknown', 'checklist_item_unconfirmed', 'checklist_item_mandatory', 'checklist_item_unknown',
  'duplicate_work_type', 'related_permit_missing', 'related_permit_not_found', 'parent_not_live', 'simultaneous_operations',
  'blind_plate_duplicate', 'blind_plate_same_pipeline', 'hot_work_near_blind_plate', 'fatigue_review_required',
  'excavation_confined_space_rules', 'gas_unknown_lel', 'combustible_over_limit', 'oxygen_low', 'oxygen_high',
  'toxic_over_limit', 'gas_reading_missing', 'hot_work_raised_by_warning', 'work_plan_document_required', 'blind_plate_diagram_required',
  'entry_log_confined_space_only', 'entry_not_now', 'guardian_stays_outside', 'entrant_not_on_permit', 'entrant_already_inside',
  'entrant_not_inside', 'tool_not_inside', 'entrants_inside',
] as const;

/** Reasons of a no-permit answer (messages: permits.noPermit.<reason>). */
export const NO_PERMIT_REASONS = ['lift_below_threshold', 'below_height_threshold', 'excavation_below_trigger', 'fixed_hot_work_area'] as const;

/** Codes of PermitState.ended (messages: permits.ended.<code>). */
export const END_CODES = ['rejected', 'cancelled', 'expired', 'voided', 'parent_ended'] as const;

/** Reasons a hot-work level rises (messages: permits.upgrade.<reason>). */
export const UPGRADE_REASONS = ['holiday', 'rest_day', 'night', 'special_circumstance', 'wind', 'weather_warning'] as const;
