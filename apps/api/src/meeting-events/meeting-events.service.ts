import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { REDIS_CLIENT, createRedis, type RedisConnection } from '@consilium/jobs';
import { eventIdOf, parseEventId, type EventId } from './event-id';

/** What changed in a meeting. Ids and counts only: the client refetches what it may read. */
export type MeetingEventKind = 'tally' | 'proposal' | 'override' | 'sign-off' | 'attendance' | 'agenda';

export interface MeetingEvent {
  readonly kind: MeetingEventKind;
  readonly meetingId: string;
  readonly recommendationId: string | null;
  /** The voting round after the change (tally, proposal, sign-off). */
  readonly round?: number;
}

/**
 * What a stream delivers: the events, plus `ready` once subscribed, and `reset` when the events
 * the client missed cannot be replayed (too old, or Redis lost them): refetch everything.
 */
export type StreamItem = MeetingEvent | { readonly kind: 'ready' | 'reset'; readonly meetingId: string };

/**
 * An item with its event id (`<generation>.<sequence>`). `ready` repeats the id the client came
 * back with, and a `reset` while Redis has no log sends '' (no id: start afresh), so that an item
 * without an event of its own never moves the client's Last-Event-ID.
 */
export interface StreamEntry {
  readonly id: string;
  readonly item: StreamItem;
}

/** How many events of a meeting are kept for replay (approximately: trimmed with `MAXLEN ~`). */
export const REPLAY_LENGTH = 1_000;
/** A meeting's event log expires this long after its last event. */
const REPLAY_TTL_SECONDS = 86_400;

/**
 * One atomic step per event: the next sequence number of the meeting, the event appended to the
 * meeting's log under it, and the publish. Atomic, so every instance sees the events in log order
 * and a replay never races a publish. The generation (random, set when the log is created) tells
 * a client whose last id comes from before a Redis restart or flush that its id means nothing now.
 * KEYS: meta hash, log stream. ARGV: event JSON, new generation, channel, max length, ttl.
 */
const PUBLISH_SCRIPT = `
redis.call('HSETNX', KEYS[1], 'gen', ARGV[2])
local gen = redis.call('HGET', KEYS[1], 'gen')
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], seq .. '-0', 'e', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[5])
redis.call('EXPIRE', KEYS[2], ARGV[5])
local id = gen .. '.' .. seq
redis.call('PUBLISH', ARGV[3], id .. '|' .. ARGV[1])
return id
`;

interface Follower {
  deliver(entry: StreamEntry): void;
  /** After the subscriber reconnected: replay what was published while it was away. */
  resume(): void;
}

/**
 * Meeting changes fanned out through Redis pub/sub, so a vote taken by one API instance reaches
 * the streams held by every other. Published after the change commits; a failed publish is
 * logged and never fails the request (the change is stored; streams reset on reconnect).
 * Each event gets an id and is kept in a capped per-meeting log (a Redis stream), so a client
 * that reconnects with `Last-Event-ID` gets what it missed, or `reset` when that is gone.
 * One subscriber connection per instance, subscribed to a meeting's channel while at least one
 * local stream follows that meeting.
 */
@Injectable()
export class MeetingEventsService implements OnModuleDestroy {
  private readonly logger = new Logger(MeetingEventsService.name);
  private readonly prefix: string;
  private readonly subscriber: RedisConnection;
  private readonly followers = new Map<string, Set<Follower>>();
  private readonly subscribed = new Map<string, Promise<unknown>>();
  private wasReady = false;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS_CLIENT) private readonly redis: RedisConnection,
  ) {
    this.prefix = `${config.redisPrefix}:meeting-events:`;
    // The worker options queue commands while disconnected, which a subscriber wants. On a
    // cluster, classic PUBLISH reaches every node, so one subscription on any node hears it.
    this.subscriber = createRedis(config, 'worker', { lazyConnect: true });
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (channel: string, message: string) => this.deliver(channel, message));
    // ioredis resubscribes after a reconnect; what was published in the gap is in the log.
    this.subscriber.on('ready', () => {
      if (this.wasReady) for (const set of this.followers.values()) for (const follower of set) follower.resume();
      this.wasReady = true;
    });
  }

  async publish(event: MeetingEvent): Promise<void> {
    try {
      await this.redis.eval(
        PUBLISH_SCRIPT,
        2,
        this.metaKey(event.meetingId),
        this.logKey(event.meetingId),
        JSON.stringify(event),
        randomGeneration(),
        this.prefix + event.meetingId,
        REPLAY_LENGTH,
        REPLAY_TTL_SECONDS,
      );
    } catch (error) {
      this.logger.warn(
        `meeting event ${event.kind} for meeting ${event.meetingId} not published: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /**
   * The meeting's events for one client, starting with `ready` once the channel is subscribed.
   * With `lastEventId` (the client's Last-Event-ID), the events after it come first, or `reset`.
   */
  stream(meetingId: string, lastEventId?: string): Observable<StreamEntry> {
    return new Observable<StreamEntry>((observer) => {
      let last: EventId | null = lastEventId === undefined ? null : parseEventId(lastEventId);
      let catchingUp = true;
      let closed = false;
      let buffered: StreamEntry[] = [];
      // After a `reset` with no log left (Redis lost it), every event of the next generation is new
      // to this stream; its first may have been published before this instance subscribed again.
      let awaitingGeneration = false;
      const emit = (entry: StreamEntry): void => {
        const id = parseEventId(entry.id);
        if (id && last && id.generation === last.generation && id.sequence <= last.sequence) return; // replayed already
        if (id) {
          last = id;
          awaitingGeneration = false;
        } else if (entry.item.kind === 'reset') awaitingGeneration = true;
        observer.next(entry);
      };
      // A fresh stream (no Last-Event-ID) starts with what is live; later catch-ups replay from
      // the last id it sent, or reset a stream that has sent none.
      const catchUp = async (fresh: boolean): Promise<void> => {
        catchingUp = true;
        try {
          if (!fresh) for (const entry of await this.missedSince(meetingId, last)) emit(entry);
        } catch (error) {
          this.logger.warn(
            `meeting ${meetingId}: replay failed (${error instanceof Error ? error.message : String(error)}): reset`,
          );
          emit({ id: '', item: { kind: 'reset', meetingId } });
        }
        if (closed) return;
        catchingUp = false;
        const pending = buffered;
        buffered = [];
        for (const entry of pending) emit(entry);
      };
      const follower: Follower = {
        deliver: (entry) => {
          if (catchingUp) return void buffered.push(entry);
          const id = parseEventId(entry.id);
          if (awaitingGeneration && id && id.sequence > 1) {
            // Past the first event of a generation this stream has seen nothing of: replay it from its start.
            buffered.push(entry);
            last = { generation: id.generation, sequence: 0 };
            return void catchUp(false);
          }
          emit(entry);
        },
        resume: () => void catchUp(false),
      };
      let set = this.followers.get(meetingId);
      if (!set) {
        set = new Set();
        this.followers.set(meetingId, set);
        this.subscribed.set(meetingId, this.subscriber.subscribe(this.prefix + meetingId));
      }
      set.add(follower);
      this.subscribed.get(meetingId)?.then(
        () => {
          observer.next({ id: last ? eventIdOf(last) : '', item: { kind: 'ready', meetingId } });
          return catchUp(lastEventId === undefined);
        },
        (error: unknown) => observer.error(error),
      );
      return () => {
        closed = true;
        set.delete(follower);
        if (set.size === 0 && this.followers.get(meetingId) === set) {
          this.followers.delete(meetingId);
          this.subscribed.delete(meetingId);
          this.subscriber.unsubscribe(this.prefix + meetingId).catch(() => undefined);
        }
      };
    });
  }

  /** Local streams (for tests and the health of the fan-out). */
  get localStreams(): number {
    let count = 0;
    for (const set of this.followers.values()) count += set.size;
    return count;
  }

  onModuleDestroy(): void {
    this.subscriber.disconnect();
  }

  /**
   * The logged events after `since`, or one `reset` (with the newest id, if any) when they are not
   * all there: another generation (Redis restarted or flushed), trimmed, or no id at all.
   */
  private async missedSince(meetingId: string, since: EventId | null): Promise<StreamEntry[]> {
    const start = since ? `${since.sequence + 1}-0` : '-';
    const replies = await this.redis
      .multi()
      .hmget(this.metaKey(meetingId), 'gen', 'seq')
      .xrange(this.logKey(meetingId), start, '+')
      .exec();
    const [metaError, meta] = replies?.[0] ?? [new Error('no reply')];
    const [logError, log] = replies?.[1] ?? [new Error('no reply')];
    if (metaError || logError) throw metaError ?? logError;
    const [generation, sequence] = meta as [string | null, string | null];
    const head = generation && sequence ? eventIdOf({ generation, sequence: Number(sequence) }) : '';
    const entries = (log as [string, string[]][]).map(([streamId, fields]) => ({
      sequence: Number(streamId.split('-')[0]),
      json: fields[1] ?? 'null',
    }));
    const reset = [{ id: head, item: { kind: 'reset' as const, meetingId } }];
    if (!since || !generation || since.generation !== generation) return reset;
    if (since.sequence > Number(sequence)) return reset;
    const first = entries[0];
    if (first ? first.sequence !== since.sequence + 1 : since.sequence !== Number(sequence)) return reset;
    return entries.map((entry) => ({
      id: eventIdOf({ generation, sequence: entry.sequence }),
      item: JSON.parse(entry.json) as MeetingEvent,
    }));
  }

  private metaKey(meetingId: string): string {
    // One hash tag per meeting: the script's keys share a Redis Cluster slot.
    return `${this.prefix}{${meetingId}}:meta`;
  }

  private logKey(meetingId: string): string {
    return `${this.prefix}{${meetingId}}:log`;
  }

  private deliver(channel: string, message: string): void {
    if (!channel.startsWith(this.prefix)) return;
    const set = this.followers.get(channel.slice(this.prefix.length));
    if (!set) return;
    const bar = message.indexOf('|');
    let entry: StreamEntry;
    try {
      entry = { id: message.slice(0, bar), item: JSON.parse(message.slice(bar + 1)) as MeetingEvent };
    } catch {
      return;
    }
    for (const follower of set) follower.deliver(entry);
  }
}

function randomGeneration(): string {
  return randomBytes(4).toString('hex');
}
