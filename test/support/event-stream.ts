import { eventually } from '../browser/chromium';

export interface ServerEvent {
  type: string;
  data: Record<string, unknown>;
  at: number;
}

/** Opens the meeting's event stream (SSE over fetch) and collects its events as they arrive. */
export async function openStream(
  baseUrl: string,
  meetingId: string,
  token: string,
): Promise<{
  events: ServerEvent[];
  contentType: string | null;
  close: () => void;
  waitFor: (type: string, timeoutMs?: number) => Promise<ServerEvent>;
}> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/meetings/${meetingId}/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const events: ServerEvent[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (type && data) events.push({ type, data: JSON.parse(data) as Record<string, unknown>, at: Date.now() });
      }
    }
  })();
  const waitFor = async (type: string, timeoutMs = 5000): Promise<ServerEvent> => {
    let found: ServerEvent | undefined;
    await eventually(
      async () => {
        found = events.find((event) => event.type === type);
        expect(found).toBeDefined();
      },
      timeoutMs,
      10,
    );
    return found!;
  };
  return { events, contentType: response.headers.get('content-type'), close: () => abort.abort(), waitFor };
}
