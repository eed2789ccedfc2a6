// A learner's deadline, enforced on that learner's own SDK clients: once it passes, every call in
// flight is abandoned and every new call fails at once, so a hung endpoint cannot hold a check
// (or the class) hostage. The clients are the learner's alone, so nobody else is affected.
import type { AwsClient } from '../aws/clients.js';

/** Thrown into a learner's checks when their deadline passed; named like a timeout so it reads as "could not check". */
export class LearnerDeadlineError extends Error {
  constructor(seconds: number) {
    super(`the learner's deadline of ${seconds} s passed`);
    this.name = 'TimeoutError';
  }
}

type Handler = (args: unknown) => Promise<unknown>;

/** The part of an SDK client's middleware stack this needs (every v3 client has it). */
interface AbortableClient {
  middlewareStack: { add(middleware: (next: Handler) => Handler, options: { step: 'initialize'; name: string }): void };
}

/**
 * What makes each of a learner's clients give up once `signal` aborts: pass it as
 * createAwsClients' `onClient`, so clients are made (only when used) already bound to the deadline.
 */
export function abortOnSignal(signal: AbortSignal, error: () => Error): (client: AwsClient) => void {
  const aborted = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(error()), { once: true });
  });
  aborted.catch(() => undefined); // only ever observed through the race below
  const middleware = (next: Handler): Handler => async (args) => {
    if (signal.aborted) throw error();
    return Promise.race([next(args), aborted]);
  };
  return (client) => (client as unknown as AbortableClient).middlewareStack.add(middleware, { step: 'initialize', name: 'learnerDeadline' });
}
