import { AxiosInstance } from 'axios';
import { CardParamMap, DingtalkLogger } from './dingtalkTypes';

/** Settings of DingtalkApi. Base URLs point at the local peer in tests and the demo. */
export interface DingtalkApiOptions {
  /** New-style API base, e.g. `https://api.dingtalk.com`. */
  baseUrl: string;
  /** Old-style API base, e.g. `https://oapi.dingtalk.com`. */
  oapiBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The robot's code (for enterprise internal apps usually equal to the clientId). */
  robotCode: string;
  /** HTTP client; default axios with a 10 s timeout. Status handling is ours (validateStatus is overridden). */
  http?: AxiosInstance;
  /** Clock for token expiry, ms. */
  nowMs?: () => number;
  /** Refresh the token this many seconds before it expires. Default 300. */
  tokenMarginSec?: number;
  /** Largest download accepted, bytes. Default 20 MiB. */
  maxDownloadBytes?: number;
  logger?: DingtalkLogger;
}

/**
 * Robot message templates (`msgKey` + `msgParam`) for oToMessages/batchSend and
 * groupMessages/send. Action-card buttons open URLs only; they produce no callback.
 */
export type RobotMessagePayload =
  | { msgKey: 'sampleText'; msgParam: { content: string } }
  | { msgKey: 'sampleMarkdown'; msgParam: { title: string; text: string } }
  | { msgKey: 'sampleLink'; msgParam: { title: string; text: string; messageUrl: string; picUrl?: string } }
  | { msgKey: 'sampleImageMsg'; msgParam: { photoURL: string } }
  | { msgKey: 'sampleActionCard'; msgParam: { title: string; text: string; singleTitle: string; singleURL: string } };

/** Answer of oToMessages/batchSend. */
export interface RobotBatchSendResult {
  processQueryKey: string;
  /** Userids DingTalk did not accept (left the company, not visible to the robot). */
  invalidStaffIdList: string[];
  /** Userids throttled for this message; resend later. */
  flowControlledStaffIdList: string[];
}

/** Where an interactive card goes: a 1:1 chat with the robot, or a group the robot is in. */
export type CardTarget =
  | { type: 'user'; userId: string }
  | { type: 'group'; openConversationId: string; atUserIds?: Record<string, string>; recipients?: string[] };

/** Input of createAndDeliverCard. */
export interface CreateCardInput {
  /** Template id from the card platform (`….schema`). */
  cardTemplateId: string;
  /** OUR id for this card instance; updates and clicks refer to it. Must be unique per delivery. */
  outTrackId: string;
  target: CardTarget;
  cardData: CardParamMap;
  /** Per-user private data, keyed by userid. */
  privateData?: Record<string, CardParamMap>;
  /** STREAM (default) sends clicks over the stream connection. */
  callbackType?: 'STREAM' | 'HTTP';
  supportForward?: boolean;
}

/** One delivery outcome as reported by createAndDeliver. */
export interface CardDeliverResult {
  spaceType?: string;
  spaceId?: string;
  success: boolean;
  errorMsg?: string;
  carrierId?: string;
}

/** Answer of createAndDeliverCard. */
export interface CreateCardResult {
  outTrackId: string;
  /** False when DingTalk created the card but reported a failed delivery. */
  delivered: boolean;
  deliverResults: CardDeliverResult[];
}

/** Input of updateCard: keyed by our outTrackId; `ByKey` defaults to true (only listed keys change). */
export interface UpdateCardInput {
  outTrackId: string;
  cardData?: CardParamMap;
  privateData?: Record<string, CardParamMap>;
  updateCardDataByKey?: boolean;
  updatePrivateDataByKey?: boolean;
}

/** Who opened the H5 page (oapi topapi/v2/user/getuserinfo). */
export interface DingtalkAuthUser {
  userId: string;
  unionId?: string;
  name?: string;
  deviceId?: string;
  /** 1 main admin, 2 sub admin, 100 boss, 0 others. */
  sysLevel?: number;
}

/** A department (oapi topapi/v2/department/listsub). */
export interface DingtalkDepartment {
  deptId: number;
  name: string;
  parentId?: number;
}

/** A user in a department listing (oapi topapi/v2/user/list). */
export interface DingtalkUser {
  userId: string;
  name: string;
  unionId?: string;
  mobile?: string;
  title?: string;
  jobNumber?: string;
  deptIds: number[];
  active?: boolean;
}

/** One page of topapi/v2/user/list. */
export interface DingtalkUserPage {
  users: DingtalkUser[];
  hasMore: boolean;
  nextCursor?: number;
}
