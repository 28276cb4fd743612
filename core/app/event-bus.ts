import type { EventName, EventPayload } from '../api/contract/index.js';
import type { EventListener, EventSource } from '../api/server.js';

/** The terminal's typed event bus: services publish, every connected host forwards. */
export class EventBus implements EventSource {
  private readonly listeners = new Set<EventListener>();

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const listener of this.listeners) listener(name, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
