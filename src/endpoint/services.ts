// Builds the endpoint's services over one shared context. Services that need each other (S3
// notifications invoke Lambda) are wired here, so no service constructs another.
import type { EndpointContext } from './context.js';
import type { ServiceName } from './router.js';
import type { Service } from './service.js';
import { S3Service } from './s3/service.js';
import { IamService } from './iam/service.js';
import { StsService } from './sts/service.js';
import { LambdaService } from './lambda/service.js';

export type ApiServiceName = Exclude<ServiceName, 'health'>;

export interface Services {
  names: ApiServiceName[];
  byName: Record<ApiServiceName, Service>;
  all: Service[];
}

export async function createServices(context: EndpointContext): Promise<Services> {
  const iam = new IamService(context);
  const sts = new StsService(context);
  const lambda = new LambdaService(context);
  const s3 = new S3Service(context);
  const byName: Record<ApiServiceName, Service> = { s3, lambda, iam, sts, logs: notYet('logs') };
  // Health lists only what is really served (logs joins with function execution).
  return { names: ['s3', 'lambda', 'iam', 'sts'], byName, all: Object.values(byName) };
}

// CloudWatch Logs arrives with function execution (issue "run functions, keep their logs").
function notYet(name: string): Service {
  return {
    handle: async () => ({
      status: 501,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ __type: 'NotImplemented', message: `${name} is not served by this endpoint yet` }),
    }),
  };
}
