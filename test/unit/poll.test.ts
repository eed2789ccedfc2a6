// pollUntil (aws/poll.ts): asks until there is an answer or the deadline passes; a wake-up (an
// in-process endpoint's event) ends a wait at once, and one that comes while asking makes the next
// ask come without waiting.
import { describe, expect, it } from '@jest/globals';
import { pollUntil } from '../../src/aws/poll.js';

/** A source of wake-ups the test fires by hand, counting its subscribers. */
function wakeUps() {
  const listeners = new Set<() => void>();
  return {
    subscribe: (changed: () => void) => {
      listeners.add(changed);
      return () => listeners.delete(changed);
    },
    fire: () => listeners.forEach((changed) => changed()),
    get subscribers() {
      return listeners.size;
    },
  };
}

const MINUTE = 60_000;

describe('pollUntil', () => {
  it('asks again after short waits until there is an answer', async () => {
    let asks = 0;
    const answer = await pollUntil(async () => (++asks === 3 ? 'there' : undefined), { deadline: Date.now() + MINUTE, firstMs: 1 });
    expect([answer, asks]).toEqual(['there', 3]);
  });

  it('gives up at the deadline with undefined', async () => {
    let asks = 0;
    const answer = await pollUntil(async () => (asks++, undefined), { deadline: Date.now() + 30, firstMs: 5, longestMs: 5 });
    expect(answer).toBeUndefined();
    expect(asks).toBeGreaterThan(1);
  });

  it('asks again at once when woken up, instead of sleeping out a long wait', async () => {
    const source = wakeUps();
    let asks = 0;
    let ready = false;
    const waiting = pollUntil(async () => (asks++, ready ? 'ready' : undefined), { deadline: Date.now() + MINUTE, firstMs: MINUTE, longestMs: MINUTE, wakeUp: source.subscribe });
    await new Promise((resolve) => setImmediate(resolve)); // the first ask has been answered: it sleeps now
    expect(asks).toBe(1);
    ready = true;
    source.fire();
    // Without the wake-up this would sleep a minute and the test would time out.
    await expect(waiting).resolves.toBe('ready');
    expect(source.subscribers).toBe(0);
  });

  it('asks again without waiting when the change came while it was asking', async () => {
    const source = wakeUps();
    let asks = 0;
    const answer = await pollUntil(
      async () => {
        asks++;
        if (asks === 1) source.fire(); // the change happens while the first answer is on its way
        return asks === 2 ? 'seen' : undefined;
      },
      { deadline: Date.now() + MINUTE, firstMs: MINUTE, longestMs: MINUTE, wakeUp: source.subscribe },
    );
    expect([answer, asks]).toEqual(['seen', 2]);
  });

  it('unsubscribes when the ask fails', async () => {
    const source = wakeUps();
    await expect(pollUntil(async () => Promise.reject(new Error('down')), { deadline: Date.now() + MINUTE, wakeUp: source.subscribe })).rejects.toThrow('down');
    expect(source.subscribers).toBe(0);
  });
});
