import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '@consilium/config';
import { REDIS_CLIENT, createRedis, type RedisConnection } from '@consilium/jobs';

/** What changed in a meeting. Ids and counts only: the client refetches what it may read. */
export type MeetingEventKind = 'tally' | 'proposal' | 'override' | 'sign-off' | 'attendance' | 'agenda';

export interface MeetingEvent {
  readonly kind: MeetingEventKind;
  readonly meetingId: string;
  readonly recommendationId: string | null;
  /** The voting round after the change (tally, proposal, sign-off). */
  readonly round?: number;
}

/** What a stream delivers: the events, plus `ready` once subscribed and `resync` after a Redis gap. */
export type StreamItem = MeetingEvent | { readonly kind: 'ready' | 'resync'; readonly meetingId: string };

type Listener = (item: StreamItem) => void;

/**
 * Meeting changes fanned out through Redis pub/sub, so a vote taken by one API instance reaches
 * the streams held by every other. Published after the change commits; a failed publish is
 * logged and never fails the request (the change is stored; streams resync on reconnect).
 * One subscriber connection per instance, subscribed to a meeting's channel while at least one
 * local stream follows that meeting.
 */
@Injectable()
export class MeetingEventsService implements OnModuleDestroy {
  private readonly logger = new Logger(MeetingEventsService.name);
  private readonly prefix: string;
  private readonly subscriber: RedisConnection;
  private readonly listeners = new Map<string, Set<Listener>>();
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
    // ioredis resubscribes after a reconnect; what was published in the gap is lost, so tell
    // the streams to refetch.
    this.subscriber.on('ready', () => {
      if (this.wasReady) for (const [meetingId, set] of this.listeners) for (const listener of set) listener({ kind: 'resync', meetingId });
      this.wasReady = true;
    });
  }

  async publish(event: MeetingEvent): Promise<void> {
    try {
      await this.redis.publish(this.prefix + event.meetingId, JSON.stringify(event));
    } catch (error) {
      this.logger.warn(`meeting event ${event.kind} for meeting ${event.meetingId} not published: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The meeting's events for one client, starting with `ready` once the channel is subscribed. */
  stream(meetingId: string): Observable<StreamItem> {
    return new Observable<StreamItem>((observer) => {
      const listener: Listener = (item) => observer.next(item);
      let set = this.listeners.get(meetingId);
      if (!set) {
        set = new Set();
        this.listeners.set(meetingId, set);
        this.subscribed.set(meetingId, this.subscriber.subscribe(this.prefix + meetingId));
      }
      set.add(listener);
      this.subscribed.get(meetingId)?.then(
        () => observer.next({ kind: 'ready', meetingId }),
        (error: unknown) => observer.error(error),
      );
      return () => {
        set.delete(listener);
        if (set.size === 0 && this.listeners.get(meetingId) === set) {
          this.listeners.delete(meetingId);
          this.subscribed.delete(meetingId);
          this.subscriber.unsubscribe(this.prefix + meetingId).catch(() => undefined);
        }
      };
    });
  }

  /** Local streams (for tests and the health of the fan-out). */
  get localStreams(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  onModuleDestroy(): void {
    this.subscriber.disconnect();
  }

  private deliver(channel: string, message: string): void {
    if (!channel.startsWith(this.prefix)) return;
    const set = this.listeners.get(channel.slice(this.prefix.length));
    if (!set) return;
    let event: MeetingEvent;
    try {
      event = JSON.parse(message) as MeetingEvent;
    } catch {
      return;
    }
    for (const listener of set) listener(event);
  }
}
