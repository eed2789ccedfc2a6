// What an SDK v3 call threw, reduced to what tests assert on: the error code (the SDK's `name`),
// the HTTP status and the message.
export interface SdkError {
  name: string;
  status?: number;
  message: string;
}

/** Awaits the call and returns what it threw; fails the test if it succeeded. */
export async function sdkError(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
