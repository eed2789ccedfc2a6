// The contract between the server and each emulated AWS service.
import type { EndpointRequest, EndpointResponse } from './http.js';

export interface Service {
  /**
   * Answers one request. Expected failures (AWS errors) come back as responses in the service's
   * own wire format; a thrown error means a bug and becomes a 500.
   */
  handle(req: EndpointRequest, region: string): Promise<EndpointResponse>;
  /** Stops timers and child processes; state is already on disk. */
  close?(): Promise<void>;
}
