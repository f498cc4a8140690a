import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { NamedValue, Warning, WarningInfo, WarningMsgType, classifyWeatherEvent, levelFromSeverity, levelFromText } from '../../domains/alarms/weatherTypes';

/** Stable reasons a CAP document is refused. */
export type CapErrorCode = 'too_large' | 'doctype_forbidden' | 'malformed_xml' | 'not_cap' | 'missing_field' | 'invalid_value';

/** A CAP document that cannot be used; `field` names the offending element when known. */
export class CapParseError extends Error {
  constructor(
    readonly code: CapErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CapParseError';
  }
}

/** One `<info>` block (CAP 1.2 §3.2.2), the fields we use. */
export interface CapInfo extends WarningInfo {
  language: string;
}

/** A parsed CAP 1.2 `<alert>`. */
export interface CapAlert {
  identifier: string;
  sender: string;
  sent: Date;
  status: string;
  msgType: WarningMsgType;
  /** Referenced identifiers, taken from the `sender,identifier,sent` triples. */
  references: string[];
  infos: CapInfo[];
}

/** Parser limits. */
export interface CapParseOptions {
  /** Refuse documents larger than this many characters (default 1,000,000). */
  maxChars?: number;
}

const ARRAY_TAGS = new Set(['info', 'area', 'geocode', 'eventCode', 'parameter', 'category', 'responseType', 'resource', 'polygon', 'circle']);
const MSG_TYPES = new Set<WarningMsgType>(['Alert', 'Update', 'Cancel']);
const DATE_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses a CAP 1.2 alert. Defensive by design: DOCTYPE (and with it every custom entity, the
 * billion-laughs and XXE routes) is refused before parsing, entity processing is off, and only
 * the five predefined XML entities and numeric character references are decoded afterwards.
 * Throws CapParseError.
 */
export function parseCap(xml: string, opts: CapParseOptions = {}): CapAlert {
  if (xml.length > (opts.maxChars ?? 1_000_000)) throw new CapParseError('too_large', `CAP document larger than ${opts.maxChars ?? 1_000_000} characters`);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new CapParseError('doctype_forbidden', 'CAP document contains a DOCTYPE or ENTITY declaration');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new CapParseError('malformed_xml', `malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    trimValues: true,
    isArray: (name) => ARRAY_TAGS.has(name),
  });
  const doc = parser.parse(xml) as Record<string, unknown>;
  const alert = doc.alert;
  if (!isObject(alert)) throw new CapParseError('not_cap', 'root element is not <alert>');

  const msgType = required(alert, 'msgType');
  if (!MSG_TYPES.has(msgType as WarningMsgType)) throw new CapParseError('invalid_value', `unsupported msgType ${msgType}`, 'msgType');
  return {
    identifier: required(alert, 'identifier'),
    sender: required(alert, 'sender'),
    sent: date(required(alert, 'sent'), 'sent') as Date,
    status: required(alert, 'status'),
    msgType: msgType as WarningMsgType,
    references: referenceIds(str(alert.references)),
    infos: list(alert.info).map(parseInfo),
  };
}

/**
 * Normalises a CAP alert to a Warning, using the info block in `language` (falling back to the
 * first). The colour comes from a level parameter, the event/headline text, then the severity.
 */
export function capToWarning(alert: CapAlert, language = 'zh-CN'): Warning {
  const info = alert.infos.find((i) => i.language.toLowerCase() === language.toLowerCase()) ?? alert.infos[0];
  const levelParam = info?.parameters.find((p) => /level|colou?r|级别|颜色|等级/i.test(p.valueName));
  const windParam = info?.parameters.find((p) => /beaufort|风力/i.test(p.valueName));
  const force = windParam ? Number.parseInt(windParam.value, 10) : NaN;
  return {
    identifier: alert.identifier,
    sender: alert.sender,
    sent: alert.sent,
    status: alert.status,
    msgType: alert.msgType,
    references: alert.references,
    event: info?.event ?? '',
    eventType: info ? (classifyWeatherEvent(info.event) ?? classifyWeatherEvent(info.headline ?? '')) : null,
    level: info ? (levelFromText(levelParam?.value) ?? levelFromText(info.event) ?? levelFromText(info.headline) ?? levelFromSeverity(info.severity)) : null,
    beaufort: Number.isFinite(force) ? force : null,
    urgency: info?.urgency ?? null,
    severity: info?.severity ?? null,
    certainty: info?.certainty ?? null,
    onset: info?.onset ?? null,
    expires: info?.expires ?? null,
    headline: info?.headline ?? null,
    description: info?.description ?? null,
    eventCodes: info?.eventCodes ?? [],
    parameters: info?.parameters ?? [],
    areas: info?.areas ?? [],
    source: 'cap',
  };
}

/** parseCap then capToWarning. */
export function parseCapWarning(xml: string, opts: CapParseOptions = {}): Warning {
  return capToWarning(parseCap(xml, opts));
}

function parseInfo(node: unknown): CapInfo {
  if (!isObject(node)) throw new CapParseError('invalid_value', '<info> is empty', 'info');
  return {
    language: str(node.language) ?? 'en-US',
    event: required(node, 'event'),
    urgency: str(node.urgency),
    severity: str(node.severity),
    certainty: str(node.certainty),
    onset: date(str(node.onset) ?? str(node.effective), 'onset'),
    expires: date(str(node.expires), 'expires'),
    headline: str(node.headline),
    description: str(node.description),
    eventCodes: list(node.eventCode).map(namedValue),
    parameters: list(node.parameter).map(namedValue),
    areas: list(node.area).map((a) => ({
      areaDesc: (isObject(a) ? str(a.areaDesc) : null) ?? '',
      geocodes: isObject(a) ? list(a.geocode).map(namedValue) : [],
    })),
  };
}

function referenceIds(refs: string | null): string[] {
  if (!refs) return [];
  return refs
    .split(/\s+/)
    .map((triple) => triple.split(','))
    .map((parts) => (parts.length >= 3 ? parts[1] : parts[0]))
    .filter((id) => id.length > 0);
}

function namedValue(node: unknown): NamedValue {
  return isObject(node) ? { valueName: str(node.valueName) ?? '', value: str(node.value) ?? '' } : { valueName: '', value: '' };
}

function required(node: Record<string, unknown>, field: string): string {
  const v = str(node[field]);
  if (!v) throw new CapParseError('missing_field', `CAP <${field}> is missing`, field);
  return v;
}

function date(v: string | null, field: string): Date | null {
  if (v === null) return null;
  const d = new Date(v.replace(' ', 'T'));
  if (!DATE_RE.test(v) || Number.isNaN(d.getTime())) throw new CapParseError('invalid_value', `CAP <${field}> is not a dateTime with offset: ${v}`, field);
  return d;
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v.length ? decodeEntities(v) : null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function list(v: unknown): unknown[] {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? v : [v];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Decodes only the predefined XML entities and character references: nothing can expand. */
function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (_, e: string) => {
    switch (e) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const code = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
  });
}
