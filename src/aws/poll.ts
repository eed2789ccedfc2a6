// Waiting for something an endpoint does on its own (a function becoming Active, a trigger's output
// appearing): ask, and ask again until it is there. The waits between asks start short and double
// (a built-in endpoint is done in tens of milliseconds, LocalStack in seconds), and an in-process
// endpoint can say that something changed (`wakeUp`), which ends the current wait at once.

export interface PollOptions {
  /** Date.now() after which the last answer stands. */
  deadline: number;
  /** The first wait (default 20 ms); each next one doubles… */
  firstMs?: number;
  /** …up to this (default 1000 ms). */
  longestMs?: number;
  /**
   * Subscribes `changed` to what may end the wait (an endpoint's events); returns the unsubscribe.
   * A change seen while asking makes the next ask come at once.
   */
  wakeUp?: (changed: () => void) => () => void;
}

/** Calls `ask` until it returns something other than undefined, or the deadline passes (then undefined). */
export async function pollUntil<T>(ask: () => Promise<T | undefined>, options: PollOptions): Promise<T | undefined> {
  let changedMeanwhile = false;
  let endWait: (() => void) | undefined;
  const unsubscribe = options.wakeUp?.(() => {
    changedMeanwhile = true;
    endWait?.();
  });
  try {
    const longest = options.longestMs ?? 1000;
    for (let wait = Math.min(options.firstMs ?? 20, longest); ; wait = Math.min(wait * 2, longest)) {
      changedMeanwhile = false;
      const answer = await ask();
      if (answer !== undefined) return answer;
      const left = options.deadline - Date.now();
      if (left <= 0) return undefined;
      if (changedMeanwhile) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(wait, left));
        endWait = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      endWait = undefined;
    }
  } finally {
    unsubscribe?.();
  }
}
