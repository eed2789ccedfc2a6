// The JSON documents a lesson ships (cors.json, policy.json, …): their shapes as the AWS CLI and the
// SDK take them, so the runner sends exactly what the learner's `file://` commands send.
import * as z from 'zod';
import { arn, nonEmpty } from './formats.js';

const stringOrList = z.union([z.string(), z.array(z.string()).min(1)]);

export const corsConfigurationSchema = z.strictObject({
  CORSRules: z
    .array(
      z.strictObject({
        ID: z.string().optional(),
        AllowedHeaders: z.array(z.string()).optional(),
        AllowedMethods: z.array(z.enum(['GET', 'PUT', 'POST', 'DELETE', 'HEAD'])).min(1),
        AllowedOrigins: z.array(nonEmpty).min(1),
        ExposeHeaders: z.array(z.string()).optional(),
        MaxAgeSeconds: z.int().nonnegative().optional(),
      }),
    )
    .min(1),
});
export type CorsConfiguration = z.infer<typeof corsConfigurationSchema>;

// IAM policy grammar is large; the runner only needs the statements to be well formed and to
// compare them, so unknown keys (Condition, NotAction, …) pass through.
const policyStatementSchema = z.looseObject({
  Sid: z.string().optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Principal: z.union([z.literal('*'), z.record(z.string(), stringOrList)]).optional(),
  Action: stringOrList.optional(),
  Resource: stringOrList.optional(),
});
export const policyDocumentSchema = z.looseObject({
  Version: z.enum(['2012-10-17', '2008-10-17']),
  Id: z.string().optional(),
  Statement: z.array(policyStatementSchema).min(1),
});
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type PolicyStatement = z.infer<typeof policyStatementSchema>;

const filterRuleSchema = z.strictObject({ Name: z.enum(['prefix', 'suffix']), Value: z.string() });
export const lambdaNotificationSchema = z.strictObject({
  Id: z.string().optional(),
  LambdaFunctionArn: arn,
  Events: z.array(z.string().regex(/^s3:/)).min(1),
  Filter: z.strictObject({ Key: z.strictObject({ FilterRules: z.array(filterRuleSchema) }) }).optional(),
});
export const notificationConfigurationSchema = z.looseObject({
  LambdaFunctionConfigurations: z.array(lambdaNotificationSchema).min(1),
});
export type NotificationConfiguration = z.infer<typeof notificationConfigurationSchema>;
export type LambdaNotification = z.infer<typeof lambdaNotificationSchema>;

/** An S3 event as S3 sends it to Lambda; only the parts the runner relies on are required. */
export const s3EventSchema = z.looseObject({
  Records: z
    .array(
      z.looseObject({
        eventSource: z.literal('aws:s3'),
        eventName: z.string().regex(/^ObjectCreated:/),
        s3: z.looseObject({
          bucket: z.looseObject({ name: nonEmpty, arn: arn.optional() }),
          object: z.looseObject({ key: nonEmpty, size: z.int().nonnegative().optional() }),
        }),
      }),
    )
    .min(1),
});
export type S3EventDocument = z.infer<typeof s3EventSchema>;
