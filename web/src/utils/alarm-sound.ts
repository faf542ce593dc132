// The fire alarm's sound on the dashboard: three short beeps made with WebAudio (no audio file to
// download or cache). Browsers keep an AudioContext suspended until the user has touched the page;
// a beep that cannot play is skipped silently (the flash and the list still show the alarm).

type AudioContextCtor = new () => AudioContext;

let context: AudioContext | null = null;

function audioContext(ctor?: AudioContextCtor): AudioContext | null {
  const Ctor = ctor ?? (globalThis as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor }).AudioContext ?? (globalThis as { webkitAudioContext?: AudioContextCtor }).webkitAudioContext;
  if (!Ctor) return null;
  if (!context || context.state === 'closed') {
    try {
      context = new Ctor();
    } catch {
      return null;
    }
  }
  return context;
}

/** Plays `count` beeps of 880 Hz, 0.18 s each; returns how many were scheduled (0 when no audio). */
export function playAlarmBeep(options: { count?: number; ctor?: AudioContextCtor } = {}): number {
  const ctx = audioContext(options.ctor);
  if (!ctx) return 0;
  const count = options.count ?? 3;
  try {
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const start = ctx.currentTime + 0.02;
    for (let i = 0; i < count; i++) {
      const at = start + i * 0.3;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.setValueAtTime(880, at);
      // a short ramp in and out: no click at the edges
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.18);
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.start(at);
      osc.stop(at + 0.2);
    }
    return count;
  } catch {
    return 0;
  }
}

/** Tests: forget the shared context. */
export function resetAlarmSound(): void {
  context = null;
}

export const MUTE_KEY = 'safegrid.alarmMuted';

export function readMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}

export function writeMuted(muted: boolean): void {
  try {
    if (muted) localStorage.setItem(MUTE_KEY, '1');
    else localStorage.removeItem(MUTE_KEY);
  } catch {
    // private mode: the choice lasts for this visit
  }
}
