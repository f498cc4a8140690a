/**
 * Names of the hazard commands the conversations call through the command bus. The server registers
 * handlers under the same names (server/src/domains/hazards/hazardBotCommands.ts imports this file).
 */
export const HAZARD_BUS = {
  draftInput: 'hazards.draft_input',
  draftSubmit: 'hazards.draft_submit',
  returnPrompt: 'hazards.return_prompt',
  returnReason: 'hazards.return_reason',
  rejectPrompt: 'hazards.reject_prompt',
  rectifyPrompt: 'hazards.rectify_prompt',
  afterPhoto: 'hazards.after_photo',
  afterPhotoNote: 'hazards.after_photo_note',
  delegate: 'hazards.delegate',
  button: 'hazards.button',
} as const;

/** One of the hazard command names. */
export type HazardBusCommand = (typeof HAZARD_BUS)[keyof typeof HAZARD_BUS];

/** What the "does this message continue my step?" commands answer. */
export interface Claim {
  claimed: boolean;
}
