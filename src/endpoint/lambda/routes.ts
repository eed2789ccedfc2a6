// Lambda's REST paths (API version 2015-03-31) → operation and path parameters.
import { pathSegments } from '../http.js';

export type LambdaRoute =
  | { op: 'ListFunctions' | 'CreateFunction' }
  | {
      op:
        | 'GetFunction'
        | 'DeleteFunction'
        | 'GetFunctionConfiguration'
        | 'UpdateFunctionConfiguration'
        | 'UpdateFunctionCode'
        | 'Invoke'
        | 'AddPermission'
        | 'GetPolicy';
      name: string;
    }
  | { op: 'RemovePermission'; name: string; statementId: string }
  | { op: 'DownloadCode'; name: string; sha256Hex: string };

/** `undefined` when no operation matches (or the path's percent-encoding is broken). */
export function matchRoute(method: string, rawPath: string): LambdaRoute | undefined {
  let segments: string[];
  try {
    segments = pathSegments(rawPath);
  } catch {
    return undefined; // malformed %-escape
  }
  const [version, collection, name, sub, extra, ...rest] = segments;
  if (version !== '2015-03-31' || collection !== 'functions' || rest.length > 0) return undefined;
  if (name === undefined) {
    if (method === 'GET') return { op: 'ListFunctions' };
    if (method === 'POST') return { op: 'CreateFunction' };
    return undefined;
  }
  if (sub === undefined) {
    if (method === 'GET') return { op: 'GetFunction', name };
    if (method === 'DELETE') return { op: 'DeleteFunction', name };
    return undefined;
  }
  if (extra === undefined) {
    const key = `${method} ${sub}`;
    switch (key) {
      case 'GET configuration':
        return { op: 'GetFunctionConfiguration', name };
      case 'PUT configuration':
        return { op: 'UpdateFunctionConfiguration', name };
      case 'PUT code':
        return { op: 'UpdateFunctionCode', name };
      case 'POST invocations':
        return { op: 'Invoke', name };
      case 'POST policy':
        return { op: 'AddPermission', name };
      case 'GET policy':
        return { op: 'GetPolicy', name };
      default:
        return undefined;
    }
  }
  if (method === 'DELETE' && sub === 'policy') return { op: 'RemovePermission', name, statementId: extra };
  if (method === 'GET' && sub === 'code-download' && /^[0-9a-f]{64}$/.test(extra)) {
    return { op: 'DownloadCode', name, sha256Hex: extra };
  }
  return undefined;
}
