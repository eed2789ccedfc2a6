// What every service of the built-in endpoint shares: where its state lives, which account and
// region it pretends to be, and its own URL (functions are told it as AWS_ENDPOINT_URL).
import type { StateRepairs } from './store/repairs.js';

export const ACCOUNT_ID = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

export interface EndpointContext {
  dataDir: string;
  accountId: string;
  defaultRegion: string;
  /** Filled once the server listens: `http://127.0.0.1:<port>` (an IP, so SDKs use path-style). */
  url: string;
  /** Where damaged state found at start-up is set aside and recorded (a fresh one when absent). */
  repairs?: StateRepairs;
}
