/** Hazard card presenters: pure functions from resolved hazard data to neutral cards and notices. */
export * from './hazardCardView';
export * from './presentHazardDraftCard';
export * from './presentHazardReportedNotice';
export * from './presentHazardAssignmentCard';
export * from './presentHazardReminderCard';
export * from './presentHazardEscalationCard';
export * from './presentHazardEscalationNotice';
export * from './presentHazardVerificationCard';
export * from './presentHazardReturnedCard';
export * from './presentHazardClosedCard';
export * from './presentHazardClosedNotice';
export * from './presentHazardReinspectionCard';
export * from './presentHazardUpdateCard';
export * from './presentHazardDelegatePickCard';
export * from './presentHazardTriageCard';
