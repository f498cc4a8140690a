/**
 * WeCom template_card limits, for cards sent as app messages (`POST /cgi-bin/message/send`, doc 90236;
 * the same field list as third-party doc 90372). Text limits there are recommendations ("建议不超过N个字");
 * we treat them as hard caps so WeCom clients never clip our text mid-word, and count characters as
 * code points (render/truncateText.ts). Byte and count limits are hard ("最长/不超过"). Sources:
 * - doc 90236/90372 field annotations as copied in zsmhub/workweixin `apis/发送应用消息-模板卡片消息.go`
 *   (title 36, desc 44, sub_title_text 160, keyname 5, value 30, button text 10, option text 16, ...),
 *   sub_title_text 160 also in jeecg's TemplateCardEntity (2025);
 * - doc 101032 (智能机器人 模板卡片类型, 2025-06-26) for the per-card-type field lists, the select title (13)
 *   and the structure limits; its text numbers are lower (title 26, desc 30, sub_title_text 112, value 26)
 *   because they target the robot card — use them if cards are ever sent through a robot.
 */
export const WECOM_LIMITS = {
  /** task_id: "只能由数字、字母和“_-@”组成，最长128字节" (90236, 101032). */
  taskIdBytes: 128,
  /** button_list[].key, submit_button.key, question_key, action_menu key: "最长支持1024字节" (90236, 101032). */
  keyBytes: 1024,
  /** option_list[].id: "最长支持128字节，不可重复" (90236, 101032). */
  optionIdBytes: 128,
  /** main_title.title: "建议不超过36个字" (90236). */
  titleChars: 36,
  /** main_title.desc: "建议不超过44个字" (90236). */
  descChars: 44,
  /** sub_title_text: "建议不超过160个字" (90236). */
  subTitleChars: 160,
  /** source.desc: "建议不超过20个字" (90236). */
  sourceDescChars: 20,
  /** horizontal_content_list: "列表长度不超过6" (90236, 101032). */
  horizontalItems: 6,
  /** horizontal_content_list[].keyname: "建议不超过5个字" (90236, 101032). */
  keynameChars: 5,
  /** horizontal_content_list[].value: "建议不超过30个字" (90236). */
  valueChars: 30,
  /** jump_list: "列表长度不超过3" (90236, 101032). */
  jumpItems: 3,
  /** jump_list[].title: "建议不超过18个字" (90236). */
  jumpTitleChars: 18,
  /** button_list: "列表长度不超过6" (90236, 101032). */
  buttons: 6,
  /** button text and submit_button.text: "建议不超过10个字" (90236, 101032). */
  buttonTextChars: 10,
  /** select_list: "一个消息最多支持 3 个选择器" (90236, 101032). */
  selects: 3,
  /** option_list of a select / button_selection: "下拉选项不超过 10 个，最少1个" (90236, 101032). */
  selectOptions: 10,
  /** Select option text: "建议不超过16个字" (90236). */
  optionTextChars: 16,
  /** Select title: "建议不超过13个字" (101032; 90236 gives no number). */
  selectTitleChars: 13,
  /** checkbox.option_list: "选项个数不超过 20 个，最少1个" (90236, 101032). */
  checkboxOptions: 20,
  /** checkbox option text: "建议不超过17个字" (90236). */
  checkboxTextChars: 17,
  /** vertical_content_list (news_notice): "列表长度不超过4" (90236, 101032). */
  verticalItems: 4,
  /** quote_area.quote_text has no documented limit; we cap it like sub_title_text (our choice). */
  quoteTextChars: 160,
  /**
   * update_template_card `button.replace_name` has no documented limit (doc 94888). The grey button shows
   * one line, so we cap it at twice the button text recommendation (our choice, not WeCom's).
   */
  replaceNameChars: 20,
  /** App message / appchat markdown content: "最长不超过2048个字节，必须是utf8编码" (90236, 90248). */
  appMarkdownBytes: 2048,
  /** Group robot (webhook) markdown content: "最长不超过4096个字节，必须是utf8编码" (91770). */
  robotMarkdownBytes: 4096,
} as const;

/**
 * button_list[].style: the doc only says "目前可填1~4，不填或错填默认1" and shows the colours in a picture.
 * The mapping primary→1, danger→2, default→4 follows a third-party annotation ("1蓝/2红/3绿/4灰");
 * check it on a real client before relying on the colours.
 */
export const WECOM_BUTTON_STYLE = { primary: 1, danger: 2, default: 4 } as const;

/** source.desc_color: "0(默认) 灰色，1 黑色，2 红色，3 绿色" (90236, 101032). */
export const WECOM_DESC_COLOR = { info: 0, warning: 2, danger: 2, success: 3 } as const;
