// What happens inside the endpoint, told to whoever runs it in-process (the runner's --embedded
// endpoint), so that a wait can end when the thing happens instead of polling for it:
//
//   const endpoint = await startEndpoint({ dataDir, port: 0 });
//   endpoint.events.on('function', (change) => …)        a function was created, changed
//       (code or configuration: an update starts), became ready (Pending → Active,
//       InProgress → Successful) or was deleted; `state`/`lastUpdateStatus` as GetFunction says
//   endpoint.events.on('object-created', (object) => …)  an object was stored (PutObject,
//       CopyObject, CompleteMultipartUpload), whether or not a notification is configured
//   await endpoint.events.next('function', (c) => c.name === 'image-processor' && c.kind === 'ready', { signal })
//       the first matching event from now on (rejects when `signal` aborts)
//
// Events describe what is already done (on disk, visible to API calls) when they are emitted.
// Listeners run synchronously inside the endpoint: they must be quick and must not throw.
import { EventEmitter } from 'node:events';
import type { FunctionState, LastUpdateStatus } from './lambda/records.js';

export interface FunctionStateEvent {
  kind: 'created' | 'code' | 'configuration' | 'ready' | 'deleted';
  name: string;
  arn: string;
  region: string;
  /** Absent once deleted. */
  state?: FunctionState;
  lastUpdateStatus?: LastUpdateStatus;
  codeSha256?: string;
}

export interface ObjectCreatedEvent {
  bucket: string;
  key: string;
  size: number;
  /** Without quotes, as in S3 event records. */
  etag: string;
  eventName: string;
}

export interface EndpointEventMap {
  function: [FunctionStateEvent];
  'object-created': [ObjectCreatedEvent];
}

export class EndpointEvents extends EventEmitter<EndpointEventMap> {
  /** The first event of `name` that `matches`, from now on. */
  next<K extends keyof EndpointEventMap>(
    name: K,
    matches: (...args: EndpointEventMap[K]) => boolean,
    options: { signal?: AbortSignal } = {},
  ): Promise<EndpointEventMap[K][0]> {
    return new Promise((resolve, reject) => {
      // `as never` below: TypeScript cannot narrow the emitter's listener type for a generic K.
      const { signal } = options;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        this.off(name, listener as never);
        reject(signal?.reason);
      };
      const listener = (...args: EndpointEventMap[K]) => {
        if (!matches(...args)) return;
        this.off(name, listener as never);
        signal?.removeEventListener('abort', onAbort);
        resolve(args[0]);
      };
      this.on(name, listener as never);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
