// CloudWatch Logs' error model: the code travels as `__type` in the JSON body and in
// x-amzn-ErrorType; handlers throw LogsError, the service turns it into the response in one place.

export class LogsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const groupNotFound = () => new LogsError('ResourceNotFoundException', 'The specified log group does not exist.');
export const streamNotFound = () => new LogsError('ResourceNotFoundException', 'The specified log stream does not exist.');
export const invalid = (message: string) => new LogsError('InvalidParameterException', message);
