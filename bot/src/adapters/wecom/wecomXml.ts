import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WecomXmlError } from './wecomErrors';
import type { WecomEnvelope, WecomInboundMessage, WecomMessageBase, WecomSelectedItem } from './wecomTypes';

/**
 * Parses WeCom callback XML without ever expanding entities: any DOCTYPE or ENTITY declaration is
 * refused before the parser sees it (billion laughs / XXE), and only the five predefined XML
 * entities plus numeric references are decoded, by hand, in plain text nodes.
 */

/** Callback bodies are a few KB; anything much larger is not WeCom. */
export const MAX_XML_BYTES = 256 * 1024;

const CDATA = '#cdata';
const ARRAY_PATHS = new Set(['xml.SelectedItems.SelectedItem', 'xml.SelectedItems.SelectedItem.OptionIds.OptionId']);

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  cdataPropName: CDATA,
  maxNestedTags: 16,
  isArray: (_name, jPath) => typeof jPath === 'string' && ARRAY_PATHS.has(jPath),
});

type Node = string | { [key: string]: Node | Node[] } | Node[];
type XmlRecord = Record<string, Node | Node[]>;

/** Parses the outer encrypted envelope of a callback POST. */
export function parseEnvelope(xml: string): WecomEnvelope {
  const root = parseRoot(xml);
  const encrypt = text(root, 'Encrypt');
  if (!encrypt) throw new WecomXmlError('missing_field', 'Encrypt');
  return { toUserName: text(root, 'ToUserName'), encrypt, agentId: optional(root, 'AgentID') };
}

/** Parses a decrypted message or event into the typed union (unknown types become `kind: 'unknown'`). */
export function parseMessage(xml: string): WecomInboundMessage {
  const root = parseRoot(xml);
  const base = baseOf(root);
  switch (base.msgType) {
    case 'text':
      return { ...base, kind: 'text', content: text(root, 'Content'), msgId: required(root, 'MsgId') };
    case 'image':
      return { ...base, kind: 'image', mediaId: required(root, 'MediaId'), picUrl: text(root, 'PicUrl'), msgId: required(root, 'MsgId') };
    case 'location':
      return {
        ...base,
        kind: 'location',
        latitude: numberOf(root, 'Location_X'),
        longitude: numberOf(root, 'Location_Y'),
        scale: numberOf(root, 'Scale'),
        label: text(root, 'Label'),
        msgId: required(root, 'MsgId'),
      };
    case 'event':
      return parseEvent(root, base);
    default:
      return { ...base, kind: 'unknown', msgId: optional(root, 'MsgId') };
  }
}

/**
 * The key under which a callback is stored once (WeCom retries 3 times within 5 s): MsgId for
 * messages; for events `FromUserName|CreateTime|Event|TaskId|EventKey|ResponseCode`.
 */
export function dedupeKeyOf(msg: WecomInboundMessage): string {
  if ('msgId' in msg && msg.msgId) return msg.msgId;
  const m = msg as Partial<Record<'event' | 'taskId' | 'eventKey' | 'responseCode', string>> & WecomMessageBase;
  return [m.fromUserName, m.createTime, m.event ?? '', m.taskId ?? '', m.eventKey ?? '', m.responseCode ?? ''].join('|');
}

function parseEvent(root: XmlRecord, base: WecomMessageBase): WecomInboundMessage {
  const event = required(root, 'Event');
  if (event === 'template_card_event' || event === 'template_card_menu_event') {
    const card = {
      ...base,
      eventKey: text(root, 'EventKey'),
      taskId: required(root, 'TaskId'),
      cardType: text(root, 'CardType'),
      responseCode: text(root, 'ResponseCode'),
    };
    if (event === 'template_card_menu_event') return { ...card, kind: event, event };
    return { ...card, kind: event, event, selectedItems: selectedItemsOf(root) };
  }
  if (event === 'enter_agent') return { ...base, kind: 'enter_agent', event, eventKey: text(root, 'EventKey') };
  return { ...base, kind: 'unknown', event, eventKey: optional(root, 'EventKey') };
}

function selectedItemsOf(root: XmlRecord): WecomSelectedItem[] {
  const container = root.SelectedItems;
  if (!isRecord(container)) return [];
  const items = asArray(container.SelectedItem);
  return items.filter(isRecord).map((item) => {
    const ids = isRecord(item.OptionIds) ? asArray(item.OptionIds.OptionId) : [];
    return { questionKey: text(item, 'QuestionKey'), optionIds: ids.map((id) => leafText(id)) };
  });
}

function parseRoot(xml: string): XmlRecord {
  if (Buffer.byteLength(xml, 'utf8') > MAX_XML_BYTES) throw new WecomXmlError('too_large');
  // Refused outright, before any parser sees it: WeCom never sends a DTD.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new WecomXmlError('doctype_forbidden');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new WecomXmlError('xml_parse', valid.err.msg);
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (e) {
    throw new WecomXmlError('xml_parse', e instanceof Error ? e.message : 'unparseable');
  }
  const root = isRecord(doc) ? doc.xml : undefined;
  if (!isRecord(root)) throw new WecomXmlError('xml_parse', 'root element <xml> missing');
  return root;
}

function baseOf(root: XmlRecord): WecomMessageBase {
  const createTime = Number(required(root, 'CreateTime'));
  if (!Number.isSafeInteger(createTime)) throw new WecomXmlError('invalid_field', 'CreateTime');
  return {
    toUserName: text(root, 'ToUserName'),
    fromUserName: required(root, 'FromUserName'),
    createTime,
    msgType: required(root, 'MsgType'),
    agentId: optional(root, 'AgentID'),
  };
}

function isRecord(value: unknown): value is XmlRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: Node | Node[] | undefined): Node[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A leaf's text: CDATA verbatim, plain text with predefined entities decoded; repeated leaves are an error. */
function leafText(node: Node | Node[] | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return decodeEntities(node);
  if (Array.isArray(node)) throw new WecomXmlError('invalid_field', 'repeated element');
  const cdata = node[CDATA];
  const cdataText = cdata === undefined ? '' : asArray(cdata).map((c) => (typeof c === 'string' ? c : '')).join('');
  const plain = node['#text'];
  return cdataText + (typeof plain === 'string' ? decodeEntities(plain) : '');
}

function text(root: XmlRecord, field: string): string {
  return leafText(root[field]);
}

function optional(root: XmlRecord, field: string): string | undefined {
  return field in root ? leafText(root[field]) : undefined;
}

function required(root: XmlRecord, field: string): string {
  const value = text(root, field);
  if (!value) throw new WecomXmlError('missing_field', field);
  return value;
}

function numberOf(root: XmlRecord, field: string): number {
  const value = Number(required(root, field));
  if (!Number.isFinite(value)) throw new WecomXmlError('invalid_field', field);
  return value;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref];
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
