/**
 * Public API of `cards/`: the neutral card model, action names and their codec, and one renderer per
 * platform. Pure: no I/O, imports nothing of ours outside cards/.
 */
export { ACTIONS, ACTION_NAMES, isActionName } from './actions';
export type { ActionName } from './actions';
export {
  ACTION_REF_MAX_LENGTH,
  WECOM_TASK_ID_MAX_BYTES,
  WECOM_TASK_ID_PATTERN,
  actionRefProblem,
  decodeActionRef,
  decodeTaskId,
  encodeActionRef,
  encodeTaskId,
  sameActionRef,
} from './actionRef';
export type { ActionRef, ActionRefProblem } from './actionRef';
export {
  actionRef,
  button,
  callbackButtons,
  card,
  field,
  finishCard,
  isFinished,
  isNotice,
  linkButton,
  notice,
  option,
  select,
} from './model';
export type { Button, ButtonStyle, Card, CardField, CardImage, CardLink, CardParts, CardTone, Notice, Select, SelectOption } from './model';
export { InvalidCardError, NEUTRAL_LIMITS, assertValidCard, validateCard, validateNotice } from './validateCard';
export type { CardProblem, CardProblemCode } from './validateCard';
export { renderSandbox } from './render/sandbox';
export type { SandboxButton, SandboxCard, SandboxMessage, SandboxNotice, SandboxSelect } from './render/sandbox';
export * from './render/wecom';
export * from './render/dingtalk';
export { ELLIPSIS, charCount, truncateBytes, truncateChars, utf8Bytes } from './render/truncateText';
export { stripMarkdownLite } from './render/stripMarkdown';
