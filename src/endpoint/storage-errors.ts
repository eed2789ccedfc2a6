// A data directory that stopped being writable (disk full, permissions changed) is not a bug:
// each service answers in its own AWS error shape (status 500, what AWS sends for its own
// trouble, which clients retry), naming the directory, and the log gets one line (storage
// failures repeated within a while are counted, not repeated). Other errors pass through.
import type { EndpointRequest, EndpointResponse } from './http.js';
import type { ServiceName } from './router.js';
import type { Service } from './service.js';
import { failingDirectory, isStorageFailure, storageFailureWords, type StorageFailureLog } from './store/writable.js';
import { S3Error } from './s3/errors.js';
import { errorResponse, newResponseIds } from './s3/wire.js';
import { LambdaError, lambdaErrorResponse } from './lambda/errors.js';
import { QueryError, queryErrorResponse } from './iam/query-protocol.js';
import { IAM_NAMESPACE } from './iam/service.js';
import { STS_NAMESPACE } from './sts/service.js';

export function withStorageErrors(name: Exclude<ServiceName, 'health'>, service: Service, dataDir: string, log: StorageFailureLog): Service {
  return {
    handle: async (req, region) => {
      try {
        return await service.handle(req, region);
      } catch (error) {
        if (!isStorageFailure(error)) throw error;
        log.note(error, dataDir);
        const message = `The built-in endpoint cannot write to ${failingDirectory(error, dataDir)} (${storageFailureWords(error).en}). Make its data directory writable (or free disk space) and try again.`;
        return storageErrorResponse(name, req, message);
      }
    },
    close: service.close ? () => service.close!() : undefined,
  };
}

function storageErrorResponse(name: Exclude<ServiceName, 'health'>, req: EndpointRequest, message: string): EndpointResponse {
  switch (name) {
    case 's3': {
      const ids = newResponseIds(req.requestId);
      const response = errorResponse(new S3Error('InternalError', message, 500), ids, req.method);
      response.headers = { ...response.headers, 'x-amz-request-id': ids.requestId, 'x-amz-id-2': ids.hostId, server: 'AmazonS3' };
      return response;
    }
    case 'lambda':
      return lambdaErrorResponse(new LambdaError(500, 'ServiceException', message, 'Service'), req.requestId);
    case 'iam':
      return queryErrorResponse(IAM_NAMESPACE, new QueryError(500, 'ServiceFailure', message, 'Receiver'), req.requestId);
    case 'sts':
      return queryErrorResponse(STS_NAMESPACE, new QueryError(500, 'InternalFailure', message, 'Receiver'), req.requestId);
    case 'logs':
      return {
        status: 500,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': req.requestId, 'x-amzn-ErrorType': 'ServiceUnavailableException' },
        body: JSON.stringify({ __type: 'ServiceUnavailableException', message }),
      };
  }
}
