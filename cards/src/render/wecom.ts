/** WeCom renderers: template cards for people, markdown for groups, update bodies for finished cards. */
export { WECOM_BUTTON_STYLE, WECOM_DESC_COLOR, WECOM_LIMITS } from './wecomLimits';
export { renderWecomMarkdown } from './wecomMarkdown';
export type { WecomMarkdownChannel, WecomMarkdownMessage, WecomMarkdownOptions } from './wecomMarkdown';
export { fitFields, renderWecomTemplateCard, wecomCardType } from './wecomTemplateCard';
export type { WecomButton, WecomCardType, WecomRenderOptions, WecomSelection, WecomTemplateCard } from './wecomTemplateCard';
export { renderWecomUpdate, wecomReplaceName } from './wecomUpdate';
export type { WecomUpdateBody, WecomUpdateOptions, WecomUpdateTarget } from './wecomUpdate';
