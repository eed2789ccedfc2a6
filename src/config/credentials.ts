// Local endpoints always get LocalStack's test/test credentials and us-east-1, whatever ~/.aws
// says: a learner's real keys must never be sent to an emulator, and a stale profile region must
// not send the lesson to the wrong place.
export interface AwsSettings {
  endpoint: string;
  region: string;
  /** Absent for real AWS (--allow-aws): the SDK's default credential chain is used then. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

export function localAwsSettings(endpoint: string): AwsSettings {
  return { endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } };
}
