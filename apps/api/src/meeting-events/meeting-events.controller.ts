import { Controller, Headers, Param, Sse, type MessageEvent } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { interval, map, merge, takeUntil, timer, type Observable } from 'rxjs';
import { ScopedBy } from '../access/scoped-by.decorator';
import { MeetingEventsService } from './meeting-events.service';

/** A comment line this often keeps proxies and the client's stall detector from closing the stream. */
export const HEARTBEAT_MS = 15_000;

/** Seconds since the epoch at which the (already verified) bearer token expires, if it says. */
function tokenExpiry(authorization: string | undefined): number | null {
  const payload = authorization?.replace(/^Bearer\s+/i, '').split('.')[1];
  if (!payload) return null;
  try {
    const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp === 'number' ? exp : null;
  } catch {
    return null;
  }
}

@ApiTags('meetings')
@Controller('meetings')
export class MeetingEventsController {
  constructor(private readonly events: MeetingEventsService) {}

  /**
   * Server-sent events of the meeting (votes, proposals, overrides, sign-offs, attendance): ids
   * and rounds only, the client refetches. Read with fetch (EventSource sends no bearer token).
   * The stream ends when the access token expires; the client reconnects with a fresh one.
   * Every event has an id: reconnecting with `Last-Event-ID` replays what was missed first, or
   * sends `reset` (refetch everything) when that is no longer kept.
   */
  @ApiOperation({ summary: 'Follow the live events of a meeting (server-sent events)' })
  @Sse(':id/events')
  @ScopedBy('meeting')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The id of the last event received: the events after it are replayed first (or `reset` is sent)',
  })
  @ApiOkResponse({
    description:
      'text/event-stream: `ready` once subscribed, then `tally`, `proposal`, `override`, `sign-off`, `attendance`, `agenda`, each with an `id:` (`<generation>.<sequence>`, one more per event of the meeting); `reset` when missed events cannot be replayed (refetch everything); heartbeat comments',
  })
  stream(
    @Param('id') id: string,
    @Headers('authorization') authorization: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
  ): Observable<MessageEvent> {
    const expiry = tokenExpiry(authorization);
    const events = this.events
      .stream(id, lastEventId)
      .pipe(map(({ id: eventId, item }): MessageEvent => ({ id: eventId, type: item.kind, data: item })));
    const heartbeats = interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ comment: 'heartbeat' })));
    const stream = merge(events, heartbeats);
    return expiry === null ? stream : stream.pipe(takeUntil(timer(Math.max(0, expiry * 1000 - Date.now()))));
  }
}
