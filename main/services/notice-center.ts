import { randomUUID } from 'node:crypto';
import type { Notice } from '../../app/contract/index.ts';
import type { Clock, EventSink } from '../ports.ts';

/**
 * Messages main must get in front of the user (a corrupt store moved aside, a fallback in use).
 *
 * Notices are kept until dismissed, so a renderer that loads after startup still sees them.
 */
export class NoticeCenter {
  private notices: Notice[] = [];
  constructor(private readonly events: EventSink, private readonly clock: Clock) {}

  /** Records a notice and pushes it to open windows. */
  post(level: Notice['level'], message: string): Notice {
    const notice: Notice = { id: randomUUID(), level, message, at: new Date(this.clock.now()).toISOString() };
    this.notices.push(notice);
    this.events.emit('app:notice', notice);
    return notice;
  }

  /** Notices not yet dismissed, oldest first. */
  list(): Notice[] { return [...this.notices]; }

  /** Removes a notice; unknown ids are ignored (dismissing twice is harmless). */
  dismiss(id: string): void { this.notices = this.notices.filter((n) => n.id !== id); }
}
