import type { ScheduledTask } from '../../scheduling/TaskScheduler.js';
import { WaitingTasks } from './WaitingTasks.js';

interface Waiter {
  readonly task: ScheduledTask;
  /** Whether its ticket was sent to Redis (a cancellation must then remove it there). */
  sent: boolean;
}

/** @internal What `close()` takes out of a {@link TicketBook}. */
export interface ClosedBook {
  /** Leases held, with their task's id: to give back. */
  readonly leases: Map<string, string>;
  /** Tickets sent to Redis: to take out of its queue. */
  readonly sent: string[];
  /** The tasks that waited (here or in Redis): to reject. */
  readonly waiting: ScheduledTask[];
}

/**
 * @internal This process's side of a RedisSemaphoreScheduler: which of its tasks
 * wait over `localConcurrency`, which wait with a ticket (`<process id>/<n>`), which
 * hold a lease (the ticket's name once granted), and how many run on a lease that
 * was lost. Redis is not its business.
 */
export class TicketBook {
  /** Running tasks whose lease was lost: they still count against `localConcurrency`. */
  orphans = 0;
  private _tickets = 0;
  /** Tasks over `localConcurrency`, not yet given a ticket. */
  private readonly _local = new WaitingTasks();
  /** Ticket → waiting task, in arrival order. */
  private readonly _waiting = new Map<string, Waiter>();
  /** Lease → running task. */
  private readonly _held = new Map<string, ScheduledTask>();
  /** The current offer's ticket of each task we know. */
  private readonly _ticketOf = new Map<ScheduledTask, string>();

  constructor(
    private readonly _id: string,
    private readonly _localConcurrency: number,
  ) {}

  /** Tasks running here (on a lease, or on a lost one). */
  get running(): number {
    return this._held.size + this.orphans;
  }

  /** Tasks waiting here or in Redis. */
  get waiting(): number {
    return this._waiting.size + this._local.size;
  }

  /** Tasks with a ticket in Redis, waiting. */
  get ticketed(): number {
    return this._waiting.size;
  }

  /** Leases held now. */
  get held(): number {
    return this._held.size;
  }

  isWaiting(ticket: string): boolean {
    return this._waiting.has(ticket);
  }

  /** Takes a task: returns its ticket, or `undefined` when it waits here, over `localConcurrency`. */
  offer(task: ScheduledTask): string | undefined {
    if (this._admitted() < this._localConcurrency && this._local.size === 0) return this._admit(task);
    this._local.push(task);
    return undefined;
  }

  /** Tickets for the tasks that waited over `localConcurrency` and fit now. */
  admitLocal(): string[] {
    const tickets: string[] = [];
    while (this._local.size > 0 && this._admitted() < this._localConcurrency) {
      const task = this._local.next();
      if (task !== undefined) tickets.push(this._admit(task));
    }
    return tickets;
  }

  /** A waiting task was cancelled: returns its ticket if Redis has it, to be taken out. */
  forget(task: ScheduledTask): string | undefined {
    const ticket = this._ticketOf.get(task);
    if (ticket === undefined) {
      this._local.forget(); // over localPermits
      return undefined;
    }
    const waiter = this._waiting.get(ticket);
    if (waiter === undefined) return undefined;
    this._waiting.delete(ticket);
    this._ticketOf.delete(task);
    return waiter.sent ? ticket : undefined;
  }

  /** The task's work stopped: returns its lease if it still held one, to be given back. */
  release(task: ScheduledTask): string | undefined {
    const ticket = this._ticketOf.get(task);
    this._ticketOf.delete(task);
    if (ticket !== undefined && this._held.delete(ticket)) return ticket;
    if (this.orphans > 0) this.orphans--;
    return undefined;
  }

  /** Marks tickets as sent to Redis; returns those still waiting. */
  send(tickets: readonly string[]): string[] {
    const sent: string[] = [];
    for (const ticket of tickets) {
      const waiter = this._waiting.get(ticket);
      if (waiter === undefined) continue;
      waiter.sent = true;
      sent.push(ticket);
    }
    return sent;
  }

  /** Tickets sent to Redis whose task still waits (to be queued again after Redis lost them). */
  sentTickets(): string[] {
    const tickets: string[] = [];
    for (const [ticket, waiter] of this._waiting) if (waiter.sent) tickets.push(ticket);
    return tickets;
  }

  /** A ticket holds a slot now: returns its task, now holding the lease, if it still waited. */
  grant(ticket: string): ScheduledTask | undefined {
    const waiter = this._waiting.get(ticket);
    if (waiter === undefined) return undefined;
    this._waiting.delete(ticket);
    this._held.set(ticket, waiter.task);
    return waiter.task;
  }

  /** A held lease was lost: returns its task, which now runs as an orphan. */
  lose(lease: string): ScheduledTask | undefined {
    const task = this._held.get(lease);
    if (task === undefined) return undefined;
    this._held.delete(lease);
    this.orphans++;
    return task;
  }

  leases(): string[] {
    return [...this._held.keys()];
  }

  /** Takes every waiting task out (their tickets too); the leases stay. */
  dropWaiting(): { readonly sent: string[]; readonly tasks: ScheduledTask[] } {
    const sent = this.sentTickets();
    const tasks = [...this._waiting.values()].map((waiter) => waiter.task);
    for (const task of tasks) this._ticketOf.delete(task);
    this._waiting.clear();
    tasks.push(...this._local.drain());
    return { sent, tasks };
  }

  /** Empties the book. */
  close(): ClosedBook {
    const { sent, tasks } = this.dropWaiting();
    const leases = new Map<string, string>();
    for (const [lease, task] of this._held) leases.set(lease, task.id);
    this._held.clear();
    this._ticketOf.clear();
    return { leases, sent, waiting: tasks };
  }

  private _admitted(): number {
    return this._waiting.size + this._held.size + this.orphans;
  }

  private _admit(task: ScheduledTask): string {
    const ticket = `${this._id}/${++this._tickets}`;
    this._ticketOf.set(task, ticket);
    this._waiting.set(ticket, { task, sent: false });
    return ticket;
  }
}
