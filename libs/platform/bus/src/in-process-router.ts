/** One core (non-durable) subscription as seen by the in-process router. */
export interface CoreEndpoint {
  readonly queue: string | undefined;
  /** Called asynchronously (never inside publish). */
  deliver(raw: string, requestId: string | undefined, reply?: (body: string, error: boolean) => void): void;
}

interface SubjectEntry {
  plain: Set<CoreEndpoint>;
  groups: Map<string, { members: CoreEndpoint[]; next: number }>;
}

/**
 * Core NATS routing semantics in memory: every ungrouped subscriber gets a copy, each queue group
 * gets one copy handed to its members round-robin.
 */
export class InProcessRouter {
  private readonly subjects = new Map<string, SubjectEntry>();

  add(subject: string, ep: CoreEndpoint): void {
    let entry = this.subjects.get(subject);
    if (!entry) {
      entry = { plain: new Set(), groups: new Map() };
      this.subjects.set(subject, entry);
    }
    if (ep.queue === undefined) {
      entry.plain.add(ep);
      return;
    }
    const group = entry.groups.get(ep.queue) ?? { members: [], next: 0 };
    group.members.push(ep);
    entry.groups.set(ep.queue, group);
  }

  remove(subject: string, ep: CoreEndpoint): void {
    const entry = this.subjects.get(subject);
    if (!entry) return;
    entry.plain.delete(ep);
    if (ep.queue !== undefined) {
      const group = entry.groups.get(ep.queue);
      if (group) {
        group.members = group.members.filter((m) => m !== ep);
        if (group.members.length === 0) entry.groups.delete(ep.queue);
      }
    }
    if (entry.plain.size === 0 && entry.groups.size === 0) this.subjects.delete(subject);
  }

  /** The endpoints that receive one message published now on `subject`. */
  route(subject: string): CoreEndpoint[] {
    const entry = this.subjects.get(subject);
    if (!entry) return [];
    const out = [...entry.plain];
    for (const group of entry.groups.values()) {
      const member = group.members[group.next % group.members.length];
      group.next = (group.next + 1) % group.members.length;
      if (member) out.push(member);
    }
    return out;
  }

  clear(): void {
    this.subjects.clear();
  }
}
