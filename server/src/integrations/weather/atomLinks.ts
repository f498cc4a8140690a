import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CapParseError } from './capParser';

/** One entry of an Atom index of CAP alerts. */
export interface AtomCapEntry {
  /** Entry id (or the link when the id is missing): the dedupe key of the document. */
  id: string;
  /** Absolute or relative URL of the CAP document. */
  href: string;
}

/**
 * Reads the CAP links out of an Atom feed (the usual way agencies publish CAP: an index whose
 * entries link to one alert each). Prefers links typed `application/cap+xml`, else the first link.
 * Same XML hardening as parseCap; throws CapParseError.
 */
export function atomCapEntries(xml: string): AtomCapEntry[] {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new CapParseError('doctype_forbidden', 'feed contains a DOCTYPE or ENTITY declaration');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new CapParseError('malformed_xml', `malformed feed XML at line ${valid.err.line}: ${valid.err.msg}`);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    processEntities: false,
    parseTagValue: false,
    isArray: (name) => name === 'entry' || name === 'link',
  }).parse(xml) as { feed?: { entry?: unknown[] } };
  if (!doc.feed || typeof doc.feed !== 'object') throw new CapParseError('not_cap', 'root element is not an Atom <feed>');
  const out: AtomCapEntry[] = [];
  for (const entry of doc.feed.entry ?? []) {
    if (!entry || typeof entry !== 'object') continue;
    const e = entry as { id?: unknown; link?: Array<Record<string, unknown>> };
    const links = (e.link ?? []).filter((l) => typeof l['@_href'] === 'string');
    const link = links.find((l) => l['@_type'] === 'application/cap+xml') ?? links[0];
    if (!link) continue;
    const href = (link['@_href'] as string).replace(/&amp;/g, '&');
    out.push({ id: typeof e.id === 'string' && e.id ? e.id : href, href });
  }
  return out;
}
