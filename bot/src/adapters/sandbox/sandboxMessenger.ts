import type { Card } from '../../../../cards/src/model';
import { renderSandbox } from '../../../../cards/src/render/sandbox';
import type { Messenger, OutboundContent, SentRef, Target } from '../../messenger';

/** Storage for Sandbox chats (tables in the server; injected so bot/ stays free of SQL). */
export interface SandboxStore {
  /** Appends a message to a conversation ('dm:<personId>' or 'group:<groupId>'); returns its id. */
  append(msg: { plantId: string; conversation: string; direction: 'in' | 'out'; senderPersonId: string | null; kind: 'text' | 'image' | 'location' | 'card' | 'markdown'; body: unknown }): Promise<number>;
  /** Replaces a card's body (in-place update) and bumps its version; false when unknown. */
  replace(messageId: number, body: unknown): Promise<boolean>;
}

/** The conversation id a target maps to. */
export function sandboxConversation(target: Target): string {
  return target.kind === 'person' ? `dm:${target.personId}` : `group:${target.groupId}`;
}

/** The Sandbox adapter: messages go into tables the Sandbox page reads; cards update in place. */
export class SandboxMessenger implements Messenger {
  readonly platform = 'sandbox' as const;
  constructor(private readonly store: SandboxStore) {}

  async send(target: Target, content: OutboundContent): Promise<SentRef> {
    const conversation = sandboxConversation(target);
    const base = { plantId: target.plantId, conversation, direction: 'out' as const, senderPersonId: null };
    let id: number;
    if (content.type === 'text') id = await this.store.append({ ...base, kind: 'text', body: { text: content.text } });
    else if (content.type === 'notice') id = await this.store.append({ ...base, kind: 'markdown', body: renderSandbox(content.notice) });
    else id = await this.store.append({ ...base, kind: 'card', body: renderSandbox(content.card) });
    return { platform: 'sandbox', ref: { messageId: id } };
  }

  async update(ref: SentRef, card: Card): Promise<'updated' | 'resend_required'> {
    const id = Number(ref.ref.messageId);
    return (await this.store.replace(id, renderSandbox(card))) ? 'updated' : 'resend_required';
  }
}
