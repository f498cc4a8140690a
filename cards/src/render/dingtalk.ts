/** DingTalk renderers: interactive card data (one generic template) for people, robot messages for groups. */
export {
  DINGTALK_CARD_VARIABLES,
  DINGTALK_REF_PARAM,
  decodeDingtalkCallbackParams,
  renderDingtalkCallbackResponse,
  renderDingtalkCardData,
  renderDingtalkCardUpdate,
} from './dingtalkCardData';
export type { DingtalkCallback, DingtalkCardData, DingtalkCardOptions, DingtalkParamMap } from './dingtalkCardData';
export { DINGTALK_ROBOT_LIMITS, renderDingtalkActionCard, renderDingtalkMarkdown } from './dingtalkRobot';
export type { DingtalkRobotMessage, DingtalkRobotOptions } from './dingtalkRobot';
