import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { LiveConnection, RETRY_MAX_MS, RETRY_MIN_MS, useLiveEvents, type EventSourceLike, type LiveMessage } from './use-live-events';
import { alarmEventData } from '@/api/alarms.fixture';

/** A fake EventSource the test drives: open, send typed events with ids, fail. */
class FakeSource implements EventSourceLike {
  static made: FakeSource[] = [];
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private readonly handlers = new Map<string, ((event: MessageEvent) => void)[]>();
  constructor(readonly url: string) {
    FakeSource.made.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  send(type: string, id: string, data: string) {
    for (const h of this.handlers.get(type) ?? []) h(new MessageEvent(type, { data, lastEventId: id }));
  }
  /** The browser gave up (HTTP error, wrong type): readyState CLOSED. */
  fail() {
    this.readyState = 2;
    this.onerror?.(new Event('error'));
  }
  /** A dropped connection the browser retries itself: readyState CONNECTING. */
  drop() {
    this.readyState = 0;
    this.onerror?.(new Event('error'));
  }
}

const latest = () => FakeSource.made[FakeSource.made.length - 1];
let connection: LiveConnection;

beforeEach(() => {
  FakeSource.made = [];
  vi.useFakeTimers();
  connection = new LiveConnection((url) => new FakeSource(url), '/api/v1/events');
});
afterEach(() => vi.useRealTimers());

describe('live events (one shared EventSource)', () => {
  it('opens one stream for many listeners, delivers typed events to those who asked, and closes with the last', () => {
    const alarms: LiveMessage[] = [];
    const hazards: LiveMessage[] = [];
    const offA = connection.subscribe({ types: ['alarm.raised', 'alarm.updated'], onEvent: (m) => alarms.push(m) });
    const offH = connection.subscribe({ types: ['hazard.updated'], onEvent: (m) => hazards.push(m) });
    expect(FakeSource.made).toHaveLength(1);
    expect(latest().url).toBe('/api/v1/events');
    latest().open();
    latest().send('alarm.raised', '41', alarmEventData({ id: 1 }));
    latest().send('hazard.updated', '42', '{"id":9,"status":"closed","enterprise_id":3,"version":4}');
    latest().send('alarm.updated', '43', 'not json');
    expect(alarms.map((m) => [m.type, m.id, (m.data as { id: number }).id])).toEqual([['alarm.raised', '41', 1]]);
    expect(hazards[0].data).toEqual({ id: 9, status: 'closed', enterprise_id: 3, version: 4 });
    expect(connection.lastId).toBe('43');
    offA();
    expect(latest().closed).toBe(false);
    offH();
    expect(latest().closed).toBe(true);
    expect(connection.status.value).toBe('idle');
  });

  it('leaves a dropped connection to the browser (it resends Last-Event-ID itself)', () => {
    connection.subscribe({ types: ['alarm.raised'], onEvent: () => undefined });
    latest().open();
    latest().drop();
    vi.advanceTimersByTime(RETRY_MIN_MS * 4);
    expect(FakeSource.made).toHaveLength(1);
    expect(connection.status.value).toBe('connecting');
  });

  it('reopens a stream the browser gave up on after a back-off, resuming with ?last_event_id=, and tells listeners to re-read', () => {
    const opened = vi.fn();
    connection.subscribe({ types: ['alarm.raised'], onEvent: () => undefined, onOpen: opened });
    latest().open();
    expect(opened).toHaveBeenCalledTimes(1);
    latest().send('alarm.raised', '77', alarmEventData());
    latest().fail();
    expect(connection.status.value).toBe('retrying');
    vi.advanceTimersByTime(RETRY_MIN_MS - 1);
    expect(FakeSource.made).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSource.made).toHaveLength(2);
    expect(latest().url).toBe('/api/v1/events?last_event_id=77');
    // still failing: the wait doubles
    latest().fail();
    vi.advanceTimersByTime(RETRY_MIN_MS * 2 - 1);
    expect(FakeSource.made).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSource.made).toHaveLength(3);
    latest().open();
    expect(opened).toHaveBeenCalledTimes(2);
    expect(connection.status.value).toBe('open');
  });

  it('reconnects at once after a re-login instead of waiting out the back-off', () => {
    connection.subscribe({ types: ['alarm.raised'], onEvent: () => undefined });
    latest().fail();
    vi.advanceTimersByTime(RETRY_MIN_MS);
    latest().fail(); // now waiting 6 s
    expect(FakeSource.made).toHaveLength(2);
    connection.reconnectNow();
    expect(FakeSource.made).toHaveLength(3);
    vi.advanceTimersByTime(RETRY_MAX_MS);
    expect(FakeSource.made).toHaveLength(3); // the pending retry was cancelled
  });

  it('stops on logout: the stream closes, listeners are dropped, the resume point is forgotten', () => {
    const got = vi.fn();
    connection.subscribe({ types: ['alarm.raised'], onEvent: got });
    latest().open();
    latest().send('alarm.raised', '12', alarmEventData());
    const first = latest();
    connection.stop();
    expect(first.closed).toBe(true);
    expect(connection.listening).toBe(0);
    first.send('alarm.raised', '13', alarmEventData());
    expect(got).toHaveBeenCalledTimes(1);
    connection.subscribe({ types: ['alarm.raised'], onEvent: got });
    expect(latest().url).toBe('/api/v1/events');
  });

  it('a failing listener does not starve the others; a retry pending at logout does not reopen', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const good = vi.fn();
    connection.subscribe({ types: ['alarm.raised'], onEvent: () => { throw new Error('bug'); } });
    connection.subscribe({ types: ['alarm.raised'], onEvent: good });
    latest().open();
    latest().send('alarm.raised', '1', alarmEventData());
    expect(good).toHaveBeenCalledTimes(1);
    latest().fail();
    connection.stop();
    vi.advanceTimersByTime(RETRY_MAX_MS * 2);
    expect(FakeSource.made).toHaveLength(1);
    warn.mockRestore();
  });

  it('useLiveEvents unsubscribes when its component scope ends', () => {
    const scope = effectScope();
    scope.run(() => useLiveEvents(['alarm.updated'], () => undefined, { connection }));
    expect(connection.listening).toBe(1);
    scope.stop();
    expect(connection.listening).toBe(0);
    expect(latest().closed).toBe(true);
  });
});

