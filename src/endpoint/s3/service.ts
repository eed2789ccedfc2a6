// Placeholder until the S3 service is written: answers 501 so nothing pretends to work.
import type { EndpointContext } from '../context.js';
import type { EndpointResponse } from '../http.js';
import type { Service } from '../service.js';

export class S3Service implements Service {
  constructor(readonly context: EndpointContext) {}
  async handle(): Promise<EndpointResponse> {
    return { status: 501, body: 'not implemented yet' };
  }
}
