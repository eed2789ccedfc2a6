// A guard refusal in the wire format of the service the request was for, so SDKs, the AWS CLI and
// a browser's devtools all show an AccessDenied with the reason, plus the note for the request log.
import type { EndpointRequest, EndpointResponse } from '../http.js';
import type { Text } from '../../i18n/text.js';
import type { ServiceName } from '../router.js';
import { IAM_NAMESPACE } from '../iam/service.js';
import { STS_NAMESPACE } from '../sts/service.js';
import { queryErrorResponse, QueryError } from '../iam/query-protocol.js';
import { LambdaError, lambdaErrorResponse } from '../lambda/errors.js';
import { S3Error } from '../s3/errors.js';
import { errorResponse, newResponseIds } from '../s3/wire.js';

export interface Refusal {
  /** For the client (English, like every AWS message). */
  message: string;
  /** One line for the endpoint's request log, in the person's language. */
  note: Text;
}

export function refusalResponse(req: EndpointRequest, service: ServiceName, refusal: Refusal): EndpointResponse {
  const message = refusal.message;
  let response: EndpointResponse;
  switch (service) {
    case 's3': {
      const ids = newResponseIds(req.requestId);
      response = errorResponse(new S3Error('AccessDenied', message, 403), ids, req.method);
      response.headers = { ...response.headers, 'x-amz-request-id': ids.requestId, 'x-amz-id-2': ids.hostId };
      break;
    }
    case 'lambda':
      response = lambdaErrorResponse(new LambdaError(403, 'AccessDeniedException', message), req.requestId);
      break;
    case 'iam':
    case 'sts':
      response = queryErrorResponse(service === 'iam' ? IAM_NAMESPACE : STS_NAMESPACE, new QueryError(403, 'AccessDenied', message), req.requestId);
      break;
    case 'logs':
      response = {
        status: 403,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': req.requestId },
        body: JSON.stringify({ __type: 'AccessDeniedException', message }),
      };
      break;
    default:
      response = { status: 403, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'AccessDenied', message }) };
  }
  // Refused before the body was read: close the connection rather than read what nobody wants.
  response.headers = { ...response.headers, connection: 'close' };
  // No operation ran: the log line names the service and the refusal's reason.
  delete response.operation;
  return response;
}
