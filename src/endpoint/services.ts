// Builds the endpoint's services over one shared context. Services that need each other (S3
// notifications invoke Lambda) are wired here, so no service constructs another.
import type { EndpointContext } from './context.js';
import type { ServiceName } from './router.js';
import type { Service } from './service.js';
import { S3Service } from './s3/service.js';
import { IamService } from './iam/service.js';
import { StsService } from './sts/service.js';
import { LambdaService } from './lambda/service.js';
import { LogStore } from './logs/log-store.js';
import { LogsService } from './logs/service.js';
import { FunctionExecution } from './lambda/execution.js';
import { withStorageErrors } from './storage-errors.js';
import { EndpointEvents, type FunctionStateEvent } from './events.js';
import type { FunctionChange } from './lambda/service.js';
import { StorageFailureLog } from './store/writable.js';

export type ApiServiceName = Exclude<ServiceName, 'health'>;

export interface Services {
  names: ApiServiceName[];
  byName: Record<ApiServiceName, Service>;
  /** State changes, for an in-process owner (see events.ts). */
  events: EndpointEvents;
  /** Once the endpoint listens: runs the asynchronous events accepted before this start. */
  start(): void;
  /** Starts an environment for every invocable function ahead of its first invoke (execution.ts). */
  warmFunctions(): Promise<void>;
  /** Stops function workers first, then every service. */
  close(): Promise<void>;
}

export async function createServices(context: EndpointContext): Promise<Services> {
  const iam = new IamService(context);
  const sts = new StsService(context);
  // Lambda refuses a role that does not exist, as AWS does ("cannot be assumed by Lambda").
  const lambda = new LambdaService(context, { roleExists: (arn) => iam.roleArnExists(arn) });
  // One LogStore per endpoint: the function runner writes to it, CloudWatch Logs reads it.
  const logStore = new LogStore(context.dataDir, context.repairs);
  const logs = new LogsService(context, logStore);
  const storageLog = new StorageFailureLog((line) => process.stderr.write(line));
  const execution = new FunctionExecution(context, logStore, lambda, (error) => storageLog.note(error, context.dataDir));
  lambda.setInvoker(execution.invoker);
  lambda.setPreparer((record) => execution.prepare(record));
  const events = new EndpointEvents();
  lambda.onFunctionChanged((change) => events.emit('function', functionStateEvent(change)));
  const s3 = new S3Service(context, { ...execution.s3Hooks(), onObjectCreated: (object) => events.emit('object-created', object) });
  const services: Record<ApiServiceName, Service> = { s3, lambda, iam, sts, logs };
  const byName = Object.fromEntries(
    Object.entries(services).map(([name, service]) => [name, withStorageErrors(name as ApiServiceName, service, context.dataDir, storageLog)]),
  ) as Record<ApiServiceName, Service>;
  return {
    names: ['s3', 'lambda', 'iam', 'sts', 'logs'],
    byName,
    events,
    start: () => execution.start(),
    warmFunctions: () => execution.warmInvocable(),
    close: async () => {
      await execution.close();
      await Promise.all(Object.values(byName).map((service) => service.close?.()));
    },
  };
}

function functionStateEvent(change: FunctionChange): FunctionStateEvent {
  if (change.kind === 'deleted') return { kind: 'deleted', name: change.name, arn: change.arn, region: change.region };
  const { record } = change;
  return {
    kind: change.kind,
    name: record.name,
    arn: record.arn,
    region: record.region,
    state: record.state,
    lastUpdateStatus: record.lastUpdateStatus,
    codeSha256: record.codeSha256,
  };
}
