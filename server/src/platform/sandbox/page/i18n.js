// The page's own words. Chat content (cards, notices, bot replies) comes translated from the server
// in the person's locale; this table only covers the emulator's chrome. Chinese by default.

const STRINGS = {
  'zh-CN': {
    app_title: 'Anquan 沙盒',
    other_lang: 'English',
    person: '人员',
    pick_person: '选择人员',
    pick_placeholder: '— 选择一个人 —',
    conversations: '会话',
    dm_hint: '一对一',
    group_hint: '群聊',
    no_person: '请在左侧选择一个人，查看他/她与安全助手的对话和所在群聊。',
    empty_chat: '还没有消息。发一条文字、照片或位置试试。',
    message_list: '消息',
    message_input: '消息内容',
    message_placeholder: '输入消息，按 Enter 发送',
    send: '发送',
    photo: '照片',
    pick_photo: '选择照片',
    location: '位置',
    location_panel: '发送位置',
    preset: '预设位置',
    preset_none: '— 预设位置 —',
    lat: '纬度',
    lng: '经度',
    datum: '坐标系',
    send_location: '发送位置',
    group_readonly: '群聊只接收机器人通知；需要操作的内容会以卡片发到个人会话。',
    you: '我',
    bot: '安全助手',
    image_alt: '照片',
    image_failed: '图片无法加载',
    open_image: '查看原图',
    uploading: '正在上传照片…',
    sent_action: '已提交',
    network_error: '网络错误，请稍后重试',
    invalid_location: '请填写有效的纬度和经度',
    unread: '条未读',
    finished: '已完成',
    roles_sep: '、',
    no_department: '其他',
  },
  en: {
    app_title: 'Anquan Sandbox',
    other_lang: '中文',
    person: 'Person',
    pick_person: 'Pick a person',
    pick_placeholder: '— pick someone —',
    conversations: 'Chats',
    dm_hint: 'one-to-one',
    group_hint: 'group',
    no_person: 'Pick a person on the left to see their chat with the safety assistant and their groups.',
    empty_chat: 'No messages yet. Send some text, a photo or a location.',
    message_list: 'Messages',
    message_input: 'Message',
    message_placeholder: 'Type a message, Enter to send',
    send: 'Send',
    photo: 'Photo',
    pick_photo: 'Choose a photo',
    location: 'Location',
    location_panel: 'Send a location',
    preset: 'Preset point',
    preset_none: '— preset point —',
    lat: 'Latitude',
    lng: 'Longitude',
    datum: 'Datum',
    send_location: 'Send location',
    group_readonly: 'Groups only receive bot notices; anything to act on arrives as a card in the one-to-one chat.',
    you: 'Me',
    bot: 'Safety assistant',
    image_alt: 'Photo',
    image_failed: 'Image could not be loaded',
    open_image: 'Open original',
    uploading: 'Uploading photo…',
    sent_action: 'Sent',
    network_error: 'Network error, please retry',
    invalid_location: 'Enter a valid latitude and longitude',
    unread: 'unread',
    finished: 'Finished',
    roles_sep: ', ',
    no_department: 'Other',
  },
};

const LANG_KEY = 'anquan.sandbox.lang';
let lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';

/** The current UI language ('zh-CN' or 'en'). */
export function currentLang() {
  return lang;
}

/** Switches the UI language and remembers it for the next visit. */
export function setLang(next) {
  lang = next === 'en' ? 'en' : 'zh-CN';
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
}

/** Looks up a UI string; unknown keys show themselves so a gap is visible, not blank. */
export function t(key) {
  return STRINGS[lang][key] ?? STRINGS['zh-CN'][key] ?? key;
}

/** Fills every element marked `data-i18n` (text), `data-i18n-label` (aria-label) or `data-i18n-placeholder`. */
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  document.title = t('app_title');
}
