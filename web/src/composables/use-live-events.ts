// The live push (GET /api/v1/events, Server-Sent Events, CONTRACT "Devices and alarms"): ONE
// EventSource for the whole tab, shared by every component that listens (the dashboard's alarm
// panel, the phone banner, the alarms page), opened while someone listens and closed on logout.
//
// Resuming: the browser's own reconnect sends Last-Event-ID by itself. When the browser gives up
// (an HTTP error, a server restart that answered 502/503, a session that ended) the stream is
// CLOSED and we open a new one after a back-off, passing the last id we saw as `?last_event_id=`
// (EventSource cannot set headers), so the server sends what was missed. Listeners also get an
// `onOpen` call on every (re)connection: what a stream that was away for long cannot replay (older
// than the server keeps), a listener re-reads from the list endpoint.
import { getCurrentScope, onScopeDispose, readonly, ref } from 'vue';
import { API_BASE } from '@/api/http';

export const LIVE_EVENT_TYPES = ['alarm.raised', 'alarm.updated', 'hazard.updated'] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

export interface LiveMessage {
  type: LiveEventType;
  id: string;
  /** The `data:` line parsed as JSON (the alarm JSON, or {id,status,enterprise_id,version}). */
  data: unknown;
}

export interface LiveListener {
  types: readonly LiveEventType[];
  onEvent: (message: LiveMessage) => void;
  /** Called on every (re)connection, after the stream is open. */
  onOpen?: () => void;
}

/** What an EventSource needs to be, so tests can give a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

export type LiveStatus = 'idle' | 'connecting' | 'open' | 'retrying';

const CLOSED = 2;
/** Back-off after the browser gave up: 3 s (the server's `retry:`), doubling to 60 s. */
export const RETRY_MIN_MS = 3000;
export const RETRY_MAX_MS = 60_000;

export class LiveConnection {
  readonly status = ref<LiveStatus>('idle');
  private source: EventSourceLike | null = null;
  private readonly listeners = new Set<LiveListener>();
  private lastEventId = '';
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = RETRY_MIN_MS;

  constructor(
    private readonly factory: EventSourceFactory,
    private readonly path = `${API_BASE}/events`,
  ) {}

  /** The id of the last event received (what a resume asks after). */
  get lastId(): string {
    return this.lastEventId;
  }

  get listening(): number {
    return this.listeners.size;
  }

  /** Starts listening; the first listener opens the stream. Returns the unsubscribe. */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    if (!this.source && !this.retryTimer) this.open();
    else if (this.status.value === 'open') listener.onOpen?.();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.close();
    };
  }

  /** Logout: the stream closes, every listener is dropped and the resume point is forgotten
   *  (the next user must not resume after the previous user's events). */
  stop(): void {
    this.listeners.clear();
    this.close();
    this.lastEventId = '';
  }

  /** After a re-login (the session had expired): a stream waiting out its back-off opens now. */
  reconnectNow(): void {
    if (!this.retryTimer || this.listeners.size === 0) return;
    this.retryDelay = RETRY_MIN_MS;
    this.open();
  }

  private url(): string {
    return this.lastEventId ? `${this.path}?last_event_id=${encodeURIComponent(this.lastEventId)}` : this.path;
  }

  private open(): void {
    this.clearRetry();
    this.status.value = 'connecting';
    let source: EventSourceLike;
    try {
      source = this.factory(this.url());
    } catch {
      this.scheduleRetry();
      return;
    }
    this.source = source;
    source.onopen = () => {
      if (this.source !== source) return;
      this.status.value = 'open';
      this.retryDelay = RETRY_MIN_MS;
      for (const l of [...this.listeners]) l.onOpen?.();
    };
    source.onerror = () => {
      if (this.source !== source) return;
      // CONNECTING: the browser reconnects by itself (with Last-Event-ID). CLOSED: it gave up.
      if (source.readyState === CLOSED) {
        source.close();
        this.source = null;
        this.scheduleRetry();
      } else {
        this.status.value = 'connecting';
      }
    };
    for (const type of LIVE_EVENT_TYPES) {
      source.addEventListener(type, (event: MessageEvent) => {
        if (this.source !== source) return;
        this.deliver(type, event);
      });
    }
  }

  private deliver(type: LiveEventType, event: MessageEvent): void {
    if (event.lastEventId) this.lastEventId = event.lastEventId;
    let data: unknown;
    try {
      data = JSON.parse(String(event.data));
    } catch {
      return; // not JSON: not an event of the contract, nothing to show
    }
    const message: LiveMessage = { type, id: event.lastEventId ?? '', data };
    for (const l of [...this.listeners]) {
      if (!l.types.includes(type)) continue;
      try {
        l.onEvent(message);
      } catch (error) {
        // one listener's bug must not starve the others
        console.warn('live event listener failed', error);
      }
    }
  }

  private scheduleRetry(): void {
    this.status.value = 'retrying';
    const delay = this.retryDelay;
    this.retryDelay = Math.min(RETRY_MAX_MS, this.retryDelay * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.listeners.size > 0) this.open();
      else this.status.value = 'idle';
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private close(): void {
    this.clearRetry();
    this.source?.close();
    this.source = null;
    this.retryDelay = RETRY_MIN_MS;
    this.status.value = 'idle';
  }
}

const browserFactory: EventSourceFactory = (url) => new EventSource(url, { withCredentials: true }) as unknown as EventSourceLike;

let shared: LiveConnection | null = null;

/** The tab's one connection. */
export function liveConnection(): LiveConnection {
  if (!shared) shared = new LiveConnection(browserFactory);
  return shared;
}

/** Logout (stores/user.ts): closes the stream; listeners subscribe again after the next login. */
export function stopLiveEvents(): void {
  shared?.stop();
}

/**
 * Listens to live events while the calling component (or effect scope) lives.
 * `useLiveEvents(['alarm.raised'], (m) => …, { onOpen: reload })`
 */
export function useLiveEvents(types: readonly LiveEventType[], onEvent: (message: LiveMessage) => void, options: { onOpen?: () => void; connection?: LiveConnection } = {}) {
  const connection = options.connection ?? liveConnection();
  const unsubscribe = connection.subscribe({ types, onEvent, onOpen: options.onOpen });
  if (getCurrentScope()) onScopeDispose(unsubscribe);
  return { status: readonly(connection.status), unsubscribe };
}
