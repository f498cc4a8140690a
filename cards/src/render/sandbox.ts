import { encodeActionRef } from '../actionRef';
import { t } from '../i18n/catalogue';
import { Locale } from '../i18n/messageTypes';
import { ButtonStyle, Card, CardField, CardTone, Notice, callbackButtons, isFinished, isNotice } from '../model';
import { assertValidCard, validateNotice } from '../validateCard';

/**
 * What the Sandbox web page draws. Plain JSON (null for absent parts, never undefined) so it can be stored
 * as a Sandbox chat message and snapshot-tested. Actions are the encoded ActionRef strings the page posts
 * back, exactly like WeCom EventKeys, so the Sandbox exercises the same decoding path.
 */
export type SandboxMessage = SandboxCard | SandboxNotice;

/** A rendered card. `buttons`, `selects` and `submit` are empty/null once the card is finished. */
export interface SandboxCard {
  type: 'card';
  kind: string;
  locale: Locale;
  title: string;
  subtitle: string | null;
  tone: CardTone;
  fields: CardField[];
  text: string | null;
  image: { fileId: string; alt: string } | null;
  link: { label: string; url: string } | null;
  buttons: SandboxButton[];
  selects: SandboxSelect[];
  /** Submit button for selects when the card has no callback buttons (same rule as WeCom). */
  submit: { label: string; action: string } | null;
  status: string | null;
  footer: string | null;
  finished: boolean;
}

/** A rendered button: `action` for callbacks, `url` for links. */
export interface SandboxButton {
  label: string;
  style: ButtonStyle;
  action: string | null;
  url: string | null;
}

/** A rendered select; its choices go back with whichever button is pressed. */
export interface SandboxSelect {
  id: string;
  label: string;
  multiple: boolean;
  options: Array<{ id: string; label: string }>;
  selectedIds: string[];
  action: string;
}

/** A rendered group notice. */
export interface SandboxNotice {
  type: 'notice';
  kind: string | null;
  locale: Locale;
  title: string;
  markdown: string;
  image: { fileId: string; alt: string } | null;
  link: { label: string; url: string } | null;
}

/** Renders a card or a notice for the Sandbox page. Pure. */
export function renderSandbox(message: Card | Notice): SandboxMessage {
  return isNotice(message) ? renderNotice(message) : renderCard(message);
}

function renderCard(card: Card): SandboxCard {
  assertValidCard(card);
  const locale = card.locale ?? 'zh-CN';
  const finished = isFinished(card);
  const selects: SandboxSelect[] = finished
    ? []
    : card.selects.map((s) => ({
        id: s.id,
        label: s.label,
        multiple: s.multiple,
        options: s.options.map((o) => ({ id: o.id, label: o.label })),
        selectedIds: [...s.selectedIds],
        action: encodeActionRef(s.action),
      }));
  const needsSubmit = selects.length > 0 && callbackButtons(card).length === 0;
  return {
    type: 'card',
    kind: card.kind,
    locale,
    title: card.title,
    subtitle: card.subtitle ?? null,
    tone: card.tone ?? 'info',
    fields: card.fields.map((f) => ({ label: f.label, value: f.value })),
    text: card.text ?? null,
    image: card.image ? { fileId: card.image.fileId, alt: card.image.alt } : null,
    link: card.link ? { label: card.link.label, url: card.link.url } : null,
    buttons: finished
      ? []
      : card.buttons.map((b) => ({
          label: b.label,
          style: b.style,
          action: b.action ? encodeActionRef(b.action) : null,
          url: b.url ?? null,
        })),
    selects,
    submit: needsSubmit ? { label: t(locale, 'card.submit'), action: selects[0].action } : null,
    status: finished ? (card.status as string) : null,
    footer: card.footer ?? null,
    finished,
  };
}

function renderNotice(n: Notice): SandboxNotice {
  const problems = validateNotice(n);
  if (problems.length > 0) throw new Error(`renderSandbox: ${problems.map((p) => p.code).join(', ')}`);
  return {
    type: 'notice',
    kind: n.kind ?? null,
    locale: n.locale ?? 'zh-CN',
    title: n.title,
    markdown: n.markdown,
    image: n.image ? { fileId: n.image.fileId, alt: n.image.alt } : null,
    link: n.link ? { label: n.link.label, url: n.link.url } : null,
  };
}
