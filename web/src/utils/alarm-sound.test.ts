import { beforeEach, describe, expect, it } from 'vitest';
import { playAlarmBeep, resetAlarmSound } from './alarm-sound';

/** Records what a page schedules on its AudioContext. */
class FakeAudioContext {
  static last: FakeAudioContext;
  state: 'suspended' | 'running' | 'closed' = 'suspended';
  currentTime = 10;
  destination = {};
  resumed = 0;
  started: number[] = [];
  constructor() {
    FakeAudioContext.last = this;
  }
  resume() {
    this.resumed += 1;
    this.state = 'running';
    return Promise.resolve();
  }
  createOscillator() {
    const ctx = this;
    return { type: '', frequency: { setValueAtTime() {} }, connect() {}, start(at: number) { ctx.started.push(at); }, stop() {} };
  }
  createGain() {
    return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect() {} };
  }
}

beforeEach(() => resetAlarmSound());

describe('alarm beep', () => {
  it('schedules three spaced beeps and wakes a suspended context', () => {
    const n = playAlarmBeep({ ctor: FakeAudioContext as unknown as new () => AudioContext });
    expect(n).toBe(3);
    const ctx = FakeAudioContext.last;
    expect(ctx.resumed).toBe(1);
    expect(ctx.started.length).toBe(3);
    expect(ctx.started[1] - ctx.started[0]).toBeCloseTo(0.3);
  });

  it('plays nothing, and throws nothing, without WebAudio', () => {
    const ctor = class {
      constructor() {
        throw new Error('no audio');
      }
    };
    expect(playAlarmBeep({ ctor: ctor as unknown as new () => AudioContext })).toBe(0);
  });
});
